import Kernels

extension Op {
    /// Vector–Jacobian products: given the output gradient `g`, the gradient for each input whose
    /// `needs` flag is set (nil where none flows). Written only in `Tensor` ops, so when the graph is
    /// recorded (`createGraph`) these results are differentiable again; unrecorded, a VJP may use a
    /// fused kernel with the same values (`squaredDistance`'s).
    /// `node` is the op's graph node; its output tensor (`node.output`) is rebuilt only by the ops
    /// whose VJP reads it.
    func vjp(inputs: [Tensor], node: GraphNode, gradient g: Tensor, needs: [Bool]) -> [Tensor?] {
        let x = inputs[0]
        switch self {
        case .add:
            return [needs[0] ? g.summed(toShape: x.shape) : nil, needs[1] ? g.summed(toShape: inputs[1].shape) : nil]
        case .subtract:
            return [needs[0] ? g.summed(toShape: x.shape) : nil, needs[1] ? (-g).summed(toShape: inputs[1].shape) : nil]
        case .multiply:
            let b = inputs[1]
            return [needs[0] ? (g * b).summed(toShape: x.shape) : nil, needs[1] ? (g * x).summed(toShape: b.shape) : nil]
        case .divide:
            let b = inputs[1]
            return [needs[0] ? (g / b).summed(toShape: x.shape) : nil,
                    needs[1] ? (-(g * x) / b.squared()).summed(toShape: b.shape) : nil]
        case .maskPositive:
            // Piecewise linear in a with a mask fixed by b: no gradient flows to b.
            return [needs[0] ? g.masked(wherePositive: inputs[1]).summed(toShape: x.shape) : nil, nil]
        case .negate:
            return [-g]
        case .exp:
            return [g * node.output]
        case .log:
            return [g / x]
        case .relu:
            return [g.masked(wherePositive: x)]
        case .abs:
            return [g * x.sign()]
        case .power(let p):
            return [p - 1 == 0 ? g * p : g * x.pow(p - 1) * p]
        case .addScalar:
            return [g]
        case .multiplyScalar(let s):
            return [g * s]
        case .step, .sign:
            return [nil]
        case .reshape:
            return [g.reshaped(x.shape)]
        case .permute(let order):
            var inverse = [Int](repeating: 0, count: order.count)
            for (i, o) in order.enumerated() { inverse[o] = i }
            return [g.permuted(inverse)]
        case .expand:
            return [g.summed(toShape: x.shape)]
        case .slice(let lower, let upper):
            return [g.padded(before: lower, after: x.shape.indices.map { x.shape[$0] - upper[$0] })]
        case .pad(let before, _):
            return [g.sliced(lower: before, upper: x.shape.indices.map { before[$0] + x.shape[$0] })]
        case .sum:
            return [g.expanded(to: x.shape)]
        case .squaredDistance:
            // ∂/∂a Σ(a − b)² = 2(a − b) = −∂/∂b; the scalar g·2 broadcasts over the difference.
            // Unrecorded (a first-order backward), the same values come from one fused pass over
            // a and b instead of a difference tensor and its product (the attacks' update terms
            // run this over every parameter each iteration).
            let scaled = Recording.isActive ? (x - inputs[1]) * (g * 2) : Self.scaledDifference(x, inputs[1], scale: g * 2)
            return [needs[0] ? scaled : nil, needs[1] ? -scaled : nil]
        case .matmul(let ta, let tb):
            let b = inputs[1]
            let ga = needs[0] ? (ta ? Autodiff.matmul(b, g, transposeA: tb, transposeB: true)
                                    : Autodiff.matmul(g, b, transposeA: false, transposeB: !tb)) : nil
            let gb = needs[1] ? (tb ? Autodiff.matmul(g, x, transposeA: true, transposeB: ta)
                                    : Autodiff.matmul(x, g, transposeA: !ta, transposeB: false)) : nil
            return [ga, gb]
        case .conv2d(let stride, let padding):
            let w = inputs[1]
            return [needs[0] ? .apply(.conv2dInputGradient(inputShape: x.shape, stride: stride, padding: padding), [g, w]) : nil,
                    needs[1] ? .apply(.conv2dWeightGradient(weightShape: w.shape, stride: stride, padding: padding), [x, g]) : nil]
        case .conv2dInputGradient(_, let stride, let padding):
            // y = convᵀ_w(dy): linear in dy (adjoint: conv2d) and in w (adjoint: the weight gradient).
            let (dy, w) = (x, inputs[1])
            return [needs[0] ? g.conv2d(w, stride: stride, padding: padding) : nil,
                    needs[1] ? .apply(.conv2dWeightGradient(weightShape: w.shape, stride: stride, padding: padding), [g, dy]) : nil]
        case .conv2dWeightGradient(_, let stride, let padding):
            // y = ∂/∂w ⟨conv(x, w), dy⟩: linear in x and in dy.
            let dy = inputs[1]
            return [needs[0] ? .apply(.conv2dInputGradient(inputShape: x.shape, stride: stride, padding: padding), [dy, g]) : nil,
                    needs[1] ? x.conv2d(g, stride: stride, padding: padding) : nil]
        case .avgPool2d(let k, let s):
            return [.apply(.avgPool2dAdjoint(inputShape: x.shape, kernel: k, stride: s), [g])]
        case .avgPool2dAdjoint(_, let k, let s):
            return [g.avgPool2d(kernel: k, stride: s)]
        case .maxPool2d(let k, let s, let p):
            // Each window's gradient goes to its argmax (fixed by the input's values): a scatter,
            // whose own VJP is the matching gather.
            let a = x.shape
            let indices = Pooling.maxIndices(x.storage.pointer, planes: a[0] * a[1], height: a[2], width: a[3],
                                             kernel: k, stride: s, padding: p)
            return [.apply(.scatterAdd(indices: IndexList(indices), shape: a), [g])]
        case .gather(let indices, let sourceShape, _):
            return [.apply(.scatterAdd(indices: indices, shape: sourceShape), [g])]
        case .scatterAdd(let indices, _):
            return [.apply(.gather(indices: indices, sourceShape: g.shape, shape: x.shape), [g])]
        case .channelAffine:
            // Linear in x (adjoint: the same scaling), bilinear in (x, scale), linear in shift.
            let scale = inputs[1]
            return [needs[0] ? g.channelAffine(scale: scale, shift: .zeros(scale.shape)) : nil,
                    needs[1] ? g.channelDot(x) : nil,
                    needs[2] ? g.channelSum() : nil]
        case .channelDot:
            let b = inputs[1]
            return [needs[0] ? b.channelAffine(scale: g, shift: .zeros(g.shape)) : nil,
                    needs[1] ? x.channelAffine(scale: g, shift: .zeros(g.shape)) : nil]
        case .channelVariance:
            // ∂/∂x Σ(x − μ)²/n = 2(x − μ)/n (the μ terms cancel since Σ(x − μ) = 0).
            let factor = g * (2 / Float(max(x.count / max(x.shape[1], 1), 1)))
            return [x.channelAffine(scale: factor, shift: -(factor * x.channelMean()))]
        }
    }

    /// (a − b)·s as a constant, in one pass (`Elementwise.scaledDifference`): bit for bit the
    /// composed `(a − b) * s` for a scalar s and two tensors of one shape.
    private static func scaledDifference(_ a: Tensor, _ b: Tensor, scale s: Tensor) -> Tensor {
        let s = s.item
        return Tensor(shape: a.shape) { out in
            Elementwise.scaledDifference(a.storage.pointer, b.storage.pointer, scale: s, into: out.baseAddress!, count: out.count)
        }
    }
}
