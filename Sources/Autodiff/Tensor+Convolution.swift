import Kernels

// Convolution and pooling on NCHW tensors.
extension Tensor {
    /// 2-D cross-correlation of `self` [N, C, H, W] with `weight` [O, C, kH, kW], as PyTorch's
    /// `F.conv2d` (no bias; add it by broadcasting).
    public func conv2d(_ weight: Tensor, stride: Int = 1, padding: Int = 0) -> Tensor {
        .apply(.conv2d(stride: stride, padding: padding), [self, weight])
    }

    /// Average pooling with a square `kernel` and `stride` (default: the kernel size).
    public func avgPool2d(kernel: Int, stride: Int? = nil) -> Tensor {
        .apply(.avgPool2d(kernel: kernel, stride: stride ?? kernel), [self])
    }

    /// Max pooling with a square `kernel`, `stride` (default: the kernel size) and `padding` with
    /// −∞ on every side, as torch.nn.functional.max_pool2d (floor mode; padding at most half the
    /// kernel). torchvision's ResNet stem uses kernel 3, stride 2, padding 1. The gradient flows to
    /// each window's first maximum; it differentiates to any order (`Op.maxPool2d`).
    public func maxPool2d(kernel: Int, stride: Int? = nil, padding: Int = 0) -> Tensor {
        .apply(.maxPool2d(kernel: kernel, stride: stride ?? kernel, padding: padding), [self])
    }

    /// `result[i] = self.flat[indices[i]]`, shaped `shape`. Indices must be in range.
    public func gathered(_ indices: IndexList, shape: [Int]) -> Tensor {
        precondition(indices.indices.allSatisfy { $0 >= 0 && Int($0) < count },
                     "gather: an index is out of range for \(self.shape)")
        return .apply(.gather(indices: indices, sourceShape: self.shape, shape: shape), [self])
    }

    /// Mean over the spatial axes: [N, C, H, W] → [N, C].
    public func globalAveragePool() -> Tensor { mean(axes: [2, 3]) }
}
