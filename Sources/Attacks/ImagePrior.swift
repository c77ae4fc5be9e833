import Autodiff

/// Image priors of the attack objectives.
public enum ImagePrior {
    /// TV₂ of docs/PAPER.md "The baseline attack" (DeepInversion's prior): the sum of the unsquared Frobenius norms of the
    /// horizontal, vertical and both diagonal neighbour differences of the whole batch.
    public static func totalVariationFrobenius(_ x: Tensor) -> Tensor {
        let (h, w) = (x.shape[2], x.shape[3])
        let n = x.shape[0], c = x.shape[1]
        func box(_ r0: Int, _ r1: Int, _ c0: Int, _ c1: Int) -> Tensor {
            x.sliced(lower: [0, 0, r0, c0], upper: [n, c, r1, c1])
        }
        let horizontal = box(0, h, 0, w - 1) - box(0, h, 1, w)
        let vertical = box(0, h - 1, 0, w) - box(1, h, 0, w)
        let diagonal = box(0, h - 1, 0, w - 1) - box(1, h, 1, w)
        let antiDiagonal = box(1, h, 0, w - 1) - box(0, h - 1, 1, w)
        return [horizontal, vertical, diagonal, antiDiagonal].map { $0.l2Norm(epsilon: 1e-12) }.reduce(Tensor(0), +)
    }

    /// Inverting Gradients' anisotropic TV: mean |∂x/∂w| + mean |∂x/∂h|.
    public static func totalVariationMean(_ x: Tensor) -> Tensor {
        let (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let dx = x.sliced(lower: [0, 0, 0, 0], upper: [n, c, h, w - 1]) - x.sliced(lower: [0, 0, 0, 1], upper: [n, c, h, w])
        let dy = x.sliced(lower: [0, 0, 0, 0], upper: [n, c, h - 1, w]) - x.sliced(lower: [0, 0, 1, 0], upper: [n, c, h, w])
        return dx.abs().mean() + dy.abs().mean()
    }

    /// mean_i ‖X_i‖₂ over the images of the batch.
    public static func meanImageNorm(_ x: Tensor) -> Tensor {
        (x.squared().sum(axes: [1, 2, 3]) + 1e-12).sqrt().mean()
    }
}
