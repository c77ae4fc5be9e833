import Kernels

extension Op {
    /// The output shape for `inputs`, or a `ShapeError` naming the op and the offending shapes.
    func outputShape(_ inputs: [Tensor]) throws(ShapeError) -> [Int] {
        let a = inputs[0].shape
        switch self {
        case .add, .subtract, .multiply, .divide, .maskPositive:
            return a == inputs[1].shape ? a : try Shapes.broadcast(a, inputs[1].shape, op: name)
        case .negate, .exp, .log, .relu, .abs, .power, .addScalar, .multiplyScalar, .step, .sign:
            return a
        case .reshape(let target):
            guard target.allSatisfy({ $0 >= 0 }), Shapes.count(target) == Shapes.count(a) else {
                throw ShapeError(name, "cannot reshape \(a) (\(Shapes.count(a)) elements) to \(target)")
            }
            return target
        case .permute(let order):
            guard order.count == a.count, Set(order) == Set(0..<a.count) else {
                throw ShapeError(name, "\(order) is not a permutation of the axes of \(a)")
            }
            return order.map { a[$0] }
        case .expand(let target):
            let result = try Shapes.broadcast(a, target, op: name)
            guard result == target else { throw ShapeError(name, "cannot expand \(a) to \(target)") }
            return target
        case .slice(let lower, let upper):
            guard lower.count == a.count, upper.count == a.count,
                  a.indices.allSatisfy({ 0 <= lower[$0] && lower[$0] <= upper[$0] && upper[$0] <= a[$0] }) else {
                throw ShapeError(name, "bounds \(lower)..<\(upper) do not fit shape \(a)")
            }
            return a.indices.map { upper[$0] - lower[$0] }
        case .pad(let before, let after):
            guard before.count == a.count, after.count == a.count,
                  (before + after).allSatisfy({ $0 >= 0 }) else {
                throw ShapeError(name, "padding \(before)/\(after) does not fit shape \(a)")
            }
            return a.indices.map { a[$0] + before[$0] + after[$0] }
        case .sum(let axes):
            guard axes.allSatisfy({ $0 >= 0 && $0 < a.count }), Set(axes).count == axes.count else {
                throw ShapeError(name, "axes \(axes) are invalid for shape \(a)")
            }
            return a.indices.map { axes.contains($0) ? 1 : a[$0] }
        case .squaredDistance:
            guard inputs[1].shape == a else { throw ShapeError(name, "needs two tensors of one shape, got \(a) and \(inputs[1].shape)") }
            return []
        case .matmul(let ta, let tb):
            let b = inputs[1].shape
            guard a.count == 2, b.count == 2 else { throw ShapeError(name, "needs matrices, got \(a) and \(b)") }
            let (m, k1) = ta ? (a[1], a[0]) : (a[0], a[1])
            let (k2, n) = tb ? (b[1], b[0]) : (b[0], b[1])
            guard k1 == k2 else {
                throw ShapeError(name, "inner dimensions differ: \(a)\(ta ? "ᵀ" : "") · \(b)\(tb ? "ᵀ" : "")")
            }
            return [m, n]
        case .conv2d(let stride, let padding):
            return try ConvGeometry(input: a, weight: inputs[1].shape, stride: stride, padding: padding, op: name).outputShape
        case .conv2dInputGradient(let inputShape, let stride, let padding):
            let g = try ConvGeometry(input: inputShape, weight: inputs[1].shape, stride: stride, padding: padding, op: name)
            guard g.outputShape == a else { throw ShapeError(name, "output gradient \(a) does not match \(g.outputShape)") }
            return inputShape
        case .conv2dWeightGradient(let weightShape, let stride, let padding):
            let g = try ConvGeometry(input: a, weight: weightShape, stride: stride, padding: padding, op: name)
            guard g.outputShape == inputs[1].shape else {
                throw ShapeError(name, "output gradient \(inputs[1].shape) does not match \(g.outputShape)")
            }
            return weightShape
        case .avgPool2d(let k, let s):
            return try Op.pooledShape(a, kernel: k, stride: s, op: name)
        case .avgPool2dAdjoint(let inputShape, let k, let s):
            let expected = try Op.pooledShape(inputShape, kernel: k, stride: s, op: name)
            guard expected == a else { throw ShapeError(name, "gradient \(a) does not match pooled \(expected)") }
            return inputShape
        case .maxPool2d(let k, let s, let p):
            guard p >= 0, 2 * p <= k else { throw ShapeError(name, "padding \(p) must be between 0 and half the kernel \(k)") }
            return try Op.pooledShape(a, kernel: k, stride: s, padding: p, op: name)
        case .gather(let indices, let sourceShape, let shape):
            guard sourceShape == a, Shapes.count(shape) == indices.indices.count else {
                throw ShapeError(name, "\(indices.indices.count) indices into \(a) (expected source \(sourceShape)) cannot fill \(shape)")
            }
            try Op.checkRange(indices, count: Shapes.count(a), shape: a, op: name)
            return shape
        case .scatterAdd(let indices, let shape):
            guard Shapes.count(a) == indices.indices.count else {
                throw ShapeError(name, "\(Shapes.count(a)) values of \(a) for \(indices.indices.count) indices into \(shape)")
            }
            try Op.checkRange(indices, count: Shapes.count(shape), shape: shape, op: name)
            return shape
        case .channelAffine:
            guard a.count >= 2 else { throw ShapeError(name, "input must be [N, C, …], got \(a)") }
            guard inputs[1].shape == [a[1]], inputs[2].shape == [a[1]] else {
                throw ShapeError(name, "scale \(inputs[1].shape) and shift \(inputs[2].shape) must be [\(a[1])] for input \(a)")
            }
            return a
        case .channelDot:
            guard a.count >= 2, inputs[1].shape == a else {
                throw ShapeError(name, "needs two [N, C, …] tensors of one shape, got \(a) and \(inputs[1].shape)")
            }
            return [a[1]]
        case .channelVariance:
            guard a.count >= 2 else { throw ShapeError(name, "input must be [N, C, …], got \(a)") }
            return [a[1]]
        }
    }

    /// [outer, channels, inner] of a [N, C, …] shape, for the per-channel kernels.
    static func channelLayout(_ shape: [Int]) -> (outer: Int, channels: Int, inner: Int) {
        (shape[0], shape[1], shape.dropFirst(2).reduce(1, *))
    }

    /// Output shape of pooling `[N, C, H, W]` with a square window, `padding` on every side (floor mode).
    static func pooledShape(_ a: [Int], kernel k: Int, stride s: Int, padding p: Int = 0, op: String) throws(ShapeError) -> [Int] {
        guard a.count == 4, k >= 1, s >= 1, a[2] + 2 * p >= k, a[3] + 2 * p >= k else {
            throw ShapeError(op, "kernel \(k) stride \(s) padding \(p) does not fit input \(a) (needs [N, C, H, W])")
        }
        return [a[0], a[1], Pooling.outSize(a[2], kernel: k, stride: s, padding: p), Pooling.outSize(a[3], kernel: k, stride: s, padding: p)]
    }

    /// Every flat index must address an element of `shape` (`count` elements).
    static func checkRange(_ indices: IndexList, count: Int, shape: [Int], op: String) throws(ShapeError) {
        if let bad = indices.indices.first(where: { $0 < 0 || Int($0) >= count }) {
            throw ShapeError(op, "index \(bad) is out of range for \(shape)")
        }
    }
}
