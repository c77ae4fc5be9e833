@testable import Autodiff
import Kernels

/// One row of the op table: a primitive op applied to inputs of given shapes, with its naive oracle.
struct OpCase {
    /// The `Op.Kind` raw value this row exercises; the output's graph node must carry exactly this op.
    let kind: String
    let variant: String
    let inputs: [InputSpec]
    var step: Float = 1e-2
    /// Largest forward error against the naive loop, relative to max(1, |value|).
    var forwardTolerance: Double = 1e-5
    let apply: ([Tensor]) -> Tensor
    let reference: ([NDArray]) -> NDArray
}

private func unary(_ kind: String, _ op: Op, _ spec: InputSpec, step: Float = 1e-2, _ f: @escaping (Double) -> Double) -> OpCase {
    OpCase(kind: kind, variant: "\(op) \(spec.shape)", inputs: [spec], step: step,
           apply: { Tensor.apply(op, $0) }, reference: { $0[0].map(f) })
}

private func binary(_ kind: String, _ op: Op, _ a: InputSpec, _ b: InputSpec, _ f: @escaping (Double, Double) -> Double) -> OpCase {
    OpCase(kind: kind, variant: "\(a.shape) ∘ \(b.shape)", inputs: [a, b],
           apply: { Tensor.apply(op, $0) }, reference: { Naive.binary($0[0], $0[1], f) })
}

/// Fixed random indices (with repeats) for gather / scatterAdd.
private func randomIndices(_ count: Int, below bound: Int, seed: UInt64) -> IndexList {
    var rng = RandomGenerator(seed: seed)
    return IndexList((0..<count).map { _ in Int32(rng.next() % UInt64(bound)) })
}

enum OpTable {
    /// Every primitive op, with shapes that exercise broadcasting, strides, padding and transposes.
    static var cases: [OpCase] {
        var rows: [OpCase] = []
        // Broadcasting binary arithmetic: one and both operands broadcast, rank extension, scalars.
        rows.append(binary("add", .add, InputSpec([2, 3, 4]), InputSpec([3, 1]), +))
        rows.append(binary("add", .add, InputSpec([4, 1, 5]), InputSpec([1, 3, 5]), +))
        rows.append(binary("add", .add, InputSpec([]), InputSpec([2, 3]), +))
        rows.append(binary("subtract", .subtract, InputSpec([3, 1, 4]), InputSpec([5, 1]), -))
        rows.append(binary("subtract", .subtract, InputSpec([2, 3]), InputSpec([2, 3]), -))
        rows.append(binary("multiply", .multiply, InputSpec([2, 3, 4]), InputSpec([4]), *))
        rows.append(binary("multiply", .multiply, InputSpec([3, 1]), InputSpec([1, 4]), *))
        rows.append(binary("divide", .divide, InputSpec([2, 3]), InputSpec([3, 1, 1], .uniform(0.5, 2)), /))
        rows.append(binary("divide", .divide, InputSpec([3, 4], .uniform(0.5, 2)), InputSpec([3, 4], .uniform(0.5, 2)), /))
        // The mask operand is kept off 0, where the op jumps.
        rows.append(binary("maskPositive", .maskPositive, InputSpec([3, 4]), InputSpec([3, 4], .awayFromZero(0.2, 1.5))) { a, b in b > 0 ? a : 0 })
        rows.append(binary("maskPositive", .maskPositive, InputSpec([2, 1, 4]), InputSpec([3, 1], .awayFromZero(0.2, 1.5))) { a, b in b > 0 ? a : 0 })

        // Unary maps (piecewise ones kept away from their kink at 0).
        rows.append(unary("negate", .negate, InputSpec([3, 4])) { -$0 })
        rows.append(unary("exp", .exp, InputSpec([3, 4], .uniform(-1.5, 1.5))) { exp($0) })
        rows.append(unary("log", .log, InputSpec([3, 4], .uniform(0.5, 2))) { log($0) })
        rows.append(unary("relu", .relu, InputSpec([4, 5], .awayFromZero(0.2, 1.5))) { max($0, 0) })
        rows.append(unary("abs", .abs, InputSpec([4, 5], .awayFromZero(0.2, 1.5))) { Swift.abs($0) })
        rows.append(unary("power", .power(3), InputSpec([3, 4])) { $0 * $0 * $0 })
        rows.append(unary("power", .power(2), InputSpec([3, 4])) { $0 * $0 })
        rows.append(unary("power", .power(0.5), InputSpec([3, 4], .uniform(0.5, 2))) { $0.squareRoot() })
        rows.append(unary("power", .power(-1.5), InputSpec([3, 4], .uniform(0.5, 2))) { pow($0, -1.5) })
        rows.append(unary("power", .power(-1), InputSpec([3, 4], .uniform(0.5, 2))) { 1 / $0 })
        rows.append(unary("addScalar", .addScalar(0.7), InputSpec([3, 4])) { $0 + 0.7 })
        rows.append(unary("multiplyScalar", .multiplyScalar(-1.3), InputSpec([3, 4])) { $0 * Double(Float(-1.3)) })
        rows.append(unary("step", .step, InputSpec([4, 5], .awayFromZero(0.2, 1.5))) { $0 > 0 ? 1 : 0 })
        rows.append(unary("sign", .sign, InputSpec([4, 5], .awayFromZero(0.2, 1.5))) { $0 > 0 ? 1 : -1 })

        // Shape and layout.
        rows.append(OpCase(kind: "reshape", variant: "[2, 3, 4] → [6, 4]", inputs: [InputSpec([2, 3, 4])],
                           apply: { Tensor.apply(.reshape([6, 4]), $0) },
                           reference: { NDArray(shape: [6, 4], values: $0[0].values) }))
        for order in [[2, 0, 3, 1], [1, 0]] {
            let shape = order.count == 4 ? [2, 3, 4, 5] : [3, 5]
            rows.append(OpCase(kind: "permute", variant: "\(shape) by \(order)", inputs: [InputSpec(shape)],
                               apply: { Tensor.apply(.permute(order), $0) }, reference: { Naive.permute($0[0], order) }))
        }
        rows.append(OpCase(kind: "expand", variant: "[3, 1, 4] → [2, 3, 5, 4]", inputs: [InputSpec([3, 1, 4])],
                           apply: { Tensor.apply(.expand([2, 3, 5, 4]), $0) }, reference: { Naive.expand($0[0], [2, 3, 5, 4]) }))
        rows.append(OpCase(kind: "expand", variant: "[] → [2, 3]", inputs: [InputSpec([])],
                           apply: { Tensor.apply(.expand([2, 3]), $0) }, reference: { Naive.expand($0[0], [2, 3]) }))
        rows.append(OpCase(kind: "slice", variant: "[4, 5, 6][1..<3, 0..<5, 2..<5]", inputs: [InputSpec([4, 5, 6])],
                           apply: { Tensor.apply(.slice(lower: [1, 0, 2], upper: [3, 5, 5]), $0) },
                           reference: { Naive.slice($0[0], [1, 0, 2], [3, 5, 5]) }))
        rows.append(OpCase(kind: "pad", variant: "[2, 3, 4] by [0, 1, 2]/[1, 0, 3]", inputs: [InputSpec([2, 3, 4])],
                           apply: { Tensor.apply(.pad(before: [0, 1, 2], after: [1, 0, 3]), $0) },
                           reference: { Naive.pad($0[0], [0, 1, 2], [1, 0, 3]) }))

        // Reductions.
        for axes in [[0, 2], [1], [0, 1, 2], [2]] {
            rows.append(OpCase(kind: "sum", variant: "[3, 4, 5] over \(axes)", inputs: [InputSpec([3, 4, 5])],
                               apply: { Tensor.apply(.sum(axes: axes), $0) }, reference: { Naive.sum($0[0], axes: axes) }))
        }

        // Matrix products: every transpose combination (op(A) is 3×5, op(B) is 5×4).
        for ta in [false, true] {
            for tb in [false, true] {
                rows.append(OpCase(kind: "matmul", variant: "ta=\(ta) tb=\(tb)",
                                   inputs: [InputSpec(ta ? [5, 3] : [3, 5]), InputSpec(tb ? [4, 5] : [5, 4])],
                                   apply: { Tensor.apply(.matmul(transposeA: ta, transposeB: tb), $0) },
                                   reference: { Naive.matmul($0[0], $0[1], ta, tb) }))
            }
        }

        // The convolution triangle, with strides, padding, leftover rows/columns and a non-square kernel.
        let convs: [(input: [Int], weight: [Int], stride: Int, padding: Int)] = [
            ([2, 3, 6, 5], [4, 3, 3, 3], 1, 0),
            ([2, 2, 7, 6], [3, 2, 3, 3], 2, 1),
            ([1, 2, 3, 4], [2, 2, 4, 3], 2, 2),  // kernel taller than the input
            ([1, 2, 2, 32], [5, 2, 3, 3], 1, 1),  // 3×3 on a plane 32 wide: the direct kernels (Convolution+Direct)
            ([1, 64, 14, 13], [64, 64, 3, 3], 1, 1),  // 64 channels, 14×13: Winograd F(2×2, 3×3) (Convolution+Winograd)
        ]
        // conv2d and its two gradient ops on one geometry.
        func appendConvolutionRows(_ c: (input: [Int], weight: [Int], stride: Int, padding: Int), forwardTolerance: Double = 1e-5) {
            let outShape = Naive.convOutputShape(input: c.input, weight: c.weight, stride: c.stride, padding: c.padding)
            let variant = "x\(c.input) w\(c.weight) s\(c.stride) p\(c.padding)"
            rows.append(OpCase(kind: "conv2d", variant: variant, inputs: [InputSpec(c.input), InputSpec(c.weight)],
                               forwardTolerance: forwardTolerance, apply: { Tensor.apply(.conv2d(stride: c.stride, padding: c.padding), $0) },
                               reference: { Naive.conv2d($0[0], $0[1], stride: c.stride, padding: c.padding) }))
            rows.append(OpCase(kind: "conv2dInputGradient", variant: variant, inputs: [InputSpec(outShape), InputSpec(c.weight)],
                               forwardTolerance: forwardTolerance, apply: { Tensor.apply(.conv2dInputGradient(inputShape: c.input, stride: c.stride, padding: c.padding), $0) },
                               reference: { Naive.conv2dInputGradient($0[0], $0[1], inputShape: c.input, stride: c.stride, padding: c.padding) }))
            rows.append(OpCase(kind: "conv2dWeightGradient", variant: variant, inputs: [InputSpec(c.input), InputSpec(outShape)],
                               forwardTolerance: forwardTolerance, apply: { Tensor.apply(.conv2dWeightGradient(weightShape: c.weight, stride: c.stride, padding: c.padding), $0) },
                               reference: { Naive.conv2dWeightGradient($0[0], $0[1], weightShape: c.weight, stride: c.stride, padding: c.padding) }))
        }
        for c in convs { appendConvolutionRows(c) }

        // Pooling: non-overlapping with leftovers, and overlapping windows.
        for (shape, k, s) in [([2, 3, 6, 7], 2, 2), ([1, 2, 5, 5], 3, 1), ([1, 2, 7, 6], 3, 2)] {
            let pooled = Naive.pooledShape(shape, kernel: k, stride: s)
            rows.append(OpCase(kind: "avgPool2d", variant: "\(shape) k\(k) s\(s)", inputs: [InputSpec(shape)],
                               apply: { Tensor.apply(.avgPool2d(kernel: k, stride: s), $0) },
                               reference: { Naive.avgPool2d($0[0], kernel: k, stride: s) }))
            rows.append(OpCase(kind: "avgPool2dAdjoint", variant: "\(shape) k\(k) s\(s)", inputs: [InputSpec(pooled)],
                               apply: { Tensor.apply(.avgPool2dAdjoint(inputShape: shape, kernel: k, stride: s), $0) },
                               reference: { Naive.avgPool2dAdjoint($0[0], inputShape: shape, kernel: k, stride: s) }))
        }

        // Max pooling: distinct values (no ties, so the argmax is stable under the finite-difference
        // steps), unpadded and torchvision's padded 3×3 stride-2 stem pool on even and odd extents.
        for (shape, k, s, p) in [([2, 3, 6, 7], 2, 2, 0), ([1, 2, 8, 8], 3, 2, 1), ([1, 2, 7, 5], 3, 2, 1), ([1, 1, 5, 6], 3, 1, 1)] {
            rows.append(OpCase(kind: "maxPool2d", variant: "\(shape) k\(k) s\(s) p\(p)", inputs: [InputSpec(shape, .distinct(-2, 2))],
                               step: 2e-3, apply: { Tensor.apply(.maxPool2d(kernel: k, stride: s, padding: p), $0) },
                               reference: { Naive.maxPool2d($0[0], kernel: k, stride: s, padding: p) }))
        }

        // Indexing, with repeated indices (gather's adjoint must accumulate).
        let gatherIndices = randomIndices(10, below: 12, seed: 99)
        rows.append(OpCase(kind: "gather", variant: "[3, 4] → [2, 5]", inputs: [InputSpec([3, 4])],
                           apply: { Tensor.apply(.gather(indices: gatherIndices, sourceShape: [3, 4], shape: [2, 5]), $0) },
                           reference: { Naive.gather($0[0], gatherIndices.indices, shape: [2, 5]) }))
        let scatterIndices = randomIndices(10, below: 12, seed: 98)
        rows.append(OpCase(kind: "scatterAdd", variant: "[2, 5] → [3, 4]", inputs: [InputSpec([2, 5])],
                           apply: { Tensor.apply(.scatterAdd(indices: scatterIndices, shape: [3, 4]), $0) },
                           reference: { Naive.scatterAdd($0[0], scatterIndices.indices, shape: [3, 4]) }))

        // Per-channel ops: NCHW with runs longer than the 8-lane loops, rank 3, and rank 2 (inner 1).
        for shape in [[2, 3, 4, 5], [3, 2, 9], [4, 3]] {
            let c = [shape[1]]
            rows.append(OpCase(kind: "channelAffine", variant: "\(shape)", inputs: [InputSpec(shape), InputSpec(c), InputSpec(c)],
                               apply: { Tensor.apply(.channelAffine, $0) },
                               reference: { Naive.channelAffine($0[0], $0[1], $0[2]) }))
            rows.append(OpCase(kind: "channelDot", variant: "\(shape)", inputs: [InputSpec(shape), InputSpec(shape)],
                               apply: { Tensor.apply(.channelDot, $0) }, reference: { Naive.channelDot($0[0], $0[1]) }))
            rows.append(OpCase(kind: "channelVariance", variant: "\(shape)", inputs: [InputSpec(shape)],
                               apply: { Tensor.apply(.channelVariance, $0) }, reference: { Naive.channelVariance($0[0]) }))
        }

        // Σ(a − b)², appended last so the rows above keep their input seeds (1000 + row index).
        for shape in [[3, 4], [2, 3, 5], []] {
            rows.append(OpCase(kind: "squaredDistance", variant: "\(shape)", inputs: [InputSpec(shape), InputSpec(shape)],
                               apply: { Tensor.apply(.squaredDistance, $0) }, reference: { Naive.squaredDistance($0[0], $0[1]) }))
        }
        // 64 channels, 28×27: Winograd F(4×4, 3×3) (WinogradTile), appended last for the same reason.
        // Its transforms' larger coefficients cost precision: on these unit-scale values the forward
        // errors measured 2.3e-4 (conv2d), 9.0e-5 and 1.3e-4 (the gradient ops), where F(2×2, 3×3)
        // stays under 1e-5 — on ResNet-18-scale values 5e-6 of the largest output (WinogradTests).
        appendConvolutionRows(([1, 64, 28, 27], [64, 64, 3, 3], 1, 1), forwardTolerance: 1e-3)
        return rows
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
