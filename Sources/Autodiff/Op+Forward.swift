import Kernels

extension Op {
    /// Computes the op's value on raw buffers. `shape` is the already validated output shape.
    func forward(_ inputs: [Tensor], shape: [Int]) -> TensorStorage {
        // Storage is immutable, so a reshape shares its input's elements instead of copying them.
        if case .reshape = self { return inputs[0].storage }
        let out = TensorStorage(count: Shapes.count(shape))
        let o = out.pointer
        let x = inputs[0].storage.pointer
        switch self {
        case .add, .subtract, .multiply, .divide, .maskPositive:
            if inputs[0].shape == inputs[1].shape {
                Elementwise.binary(binaryKind, x, inputs[1].storage.pointer, into: o, count: out.count)
                break
            }
            Elementwise.binary(binaryKind, x, strides: Shapes.broadcastStrides(inputs[0].shape, to: shape),
                               inputs[1].storage.pointer, strides: Shapes.broadcastStrides(inputs[1].shape, to: shape),
                               into: o, shape: shape)
        case .negate: Elementwise.unary(.negate, x, into: o, count: out.count)
        case .exp: Elementwise.unary(.exp, x, into: o, count: out.count)
        case .log: Elementwise.unary(.log, x, into: o, count: out.count)
        case .relu: Elementwise.unary(.relu, x, into: o, count: out.count)
        case .abs: Elementwise.unary(.abs, x, into: o, count: out.count)
        case .power(let p): Elementwise.unary(.power(p), x, into: o, count: out.count)
        case .addScalar(let s): Elementwise.unary(.addScalar(s), x, into: o, count: out.count)
        case .multiplyScalar(let s): Elementwise.unary(.multiplyScalar(s), x, into: o, count: out.count)
        case .step: Elementwise.unary(.step, x, into: o, count: out.count)
        case .sign: Elementwise.unary(.sign, x, into: o, count: out.count)
        case .reshape:
            preconditionFailure("reshape shares its input's storage")
        case .permute(let order):
            let source = Shapes.strides(inputs[0].shape)
            StridedCopy.copy(shape: shape, from: x, strides: order.map { source[$0] }, to: o, destinationStrides: Shapes.strides(shape))
        case .expand:
            StridedCopy.copy(shape: shape, from: x, strides: Shapes.broadcastStrides(inputs[0].shape, to: shape),
                             to: o, destinationStrides: Shapes.strides(shape))
        case .slice(let lower, _):
            let source = Shapes.strides(inputs[0].shape)
            let offset = zip(lower, source).reduce(0) { $0 + $1.0 * $1.1 }
            StridedCopy.copy(shape: shape, from: x, sourceOffset: offset, strides: source, to: o, destinationStrides: Shapes.strides(shape))
        case .pad(let before, _):
            o.update(repeating: 0, count: out.count)
            let target = Shapes.strides(shape)
            let offset = zip(before, target).reduce(0) { $0 + $1.0 * $1.1 }
            StridedCopy.copy(shape: inputs[0].shape, from: x, strides: Shapes.strides(inputs[0].shape),
                             to: o, destinationOffset: offset, destinationStrides: target)
        case .sum(let axes):
            let shape = inputs[0].shape
            if shape.count >= 2, axes == [0] + Array(2..<shape.count) {
                let (n, c, r) = Op.channelLayout(shape)
                ChannelOps.sum(x, into: o, outer: n, channels: c, inner: r)
            } else {
                Reduction.sum(x, shape: shape, axes: Set(axes), into: o)
            }
        case .squaredDistance:
            o[0] = Reduction.squaredDistance(x, inputs[1].storage.pointer, count: inputs[0].count)
        case .matmul(let ta, let tb):
            let a = inputs[0].shape, b = inputs[1].shape
            BLAS.configureForAppParallelism()
            BLAS.sgemm(transposeA: ta, transposeB: tb, m: shape[0], n: shape[1], k: ta ? a[0] : a[1],
                       a: x, lda: a[1], b: inputs[1].storage.pointer, ldb: b[1], c: o, ldc: shape[1])
        case .conv2d(let stride, let padding):
            let g = Op.geometry(input: inputs[0].shape, weight: inputs[1].shape, stride, padding)
            Convolution.forward(x, inputs[1].storage.pointer, g, into: o, weightsOwner: inputs[1].storage)
        case .conv2dInputGradient(let inputShape, let stride, let padding):
            let g = Op.geometry(input: inputShape, weight: inputs[1].shape, stride, padding)
            Convolution.inputGradient(x, inputs[1].storage.pointer, g, into: o, weightsOwner: inputs[1].storage)
        case .conv2dWeightGradient(let weightShape, let stride, let padding):
            let g = Op.geometry(input: inputs[0].shape, weight: weightShape, stride, padding)
            Convolution.weightGradient(x, inputs[1].storage.pointer, g, into: o)
        case .avgPool2d(let k, let s):
            let a = inputs[0].shape
            Pooling.averageForward(x, planes: a[0] * a[1], height: a[2], width: a[3], kernel: k, stride: s, into: o)
        case .avgPool2dAdjoint(let inputShape, let k, let s):
            Pooling.averageAdjoint(x, planes: inputShape[0] * inputShape[1], height: inputShape[2], width: inputShape[3],
                                   kernel: k, stride: s, into: o)
        case .maxPool2d(let k, let s, let p):
            let a = inputs[0].shape
            Pooling.maxForward(x, planes: a[0] * a[1], height: a[2], width: a[3], kernel: k, stride: s, padding: p, into: o)
        case .gather(let indices, _, _):
            indices.indices.withUnsafeBufferPointer { idx in
                for i in 0..<idx.count { o[i] = x[Int(idx[i])] }
            }
        case .scatterAdd(let indices, _):
            o.update(repeating: 0, count: out.count)
            indices.indices.withUnsafeBufferPointer { idx in
                for i in 0..<idx.count { o[Int(idx[i])] += x[i] }
            }
        case .channelAffine:
            let (n, c, r) = Op.channelLayout(inputs[0].shape)
            ChannelOps.affine(x, scale: inputs[1].storage.pointer, shift: inputs[2].storage.pointer, into: o,
                              outer: n, channels: c, inner: r)
        case .channelDot:
            let (n, c, r) = Op.channelLayout(inputs[0].shape)
            ChannelOps.dot(x, inputs[1].storage.pointer, into: o, outer: n, channels: c, inner: r)
        case .channelVariance:
            let (n, c, r) = Op.channelLayout(inputs[0].shape)
            ChannelOps.variance(x, into: o, outer: n, channels: c, inner: r)
        }
        return out
    }

    var binaryKind: BinaryKind {
        switch self {
        case .subtract: .subtract
        case .multiply: .multiply
        case .divide: .divide
        case .maskPositive: .maskPositive
        default: .add
        }
    }

    static func geometry(input: [Int], weight: [Int], _ stride: Int, _ padding: Int) -> ConvGeometry {
        ConvGeometry(batch: input[0], inChannels: input[1], inHeight: input[2], inWidth: input[3],
                     outChannels: weight[0], kernelHeight: weight[2], kernelWidth: weight[3], stride: stride, padding: padding)
    }
}
