import Kernels

/// The closed set of primitive operations. Everything else (sigmoid, softmax, cross-entropy,
/// BatchNorm, TV, cosine distance, …) is composed from these and carries no gradient code.
/// Forward rules live in `Op+Forward.swift`, vector–Jacobian products in `Op+VJP.swift`, each one
/// exhaustive `switch`. Linear ops come in adjoint pairs (expand↔sum, pad↔slice, gather↔scatterAdd,
/// avgPool2d↔avgPool2dAdjoint, the conv2d triangle) so every VJP is itself differentiable.
public enum Op: Sendable, Equatable {
    // Broadcasting binary arithmetic.
    case add, subtract, multiply, divide
    // Unary maps.
    case negate, exp, log, relu, abs
    case power(Float)
    case addScalar(Float), multiplyScalar(Float)
    /// `x > 0 ? 1 : 0` and `sign(x)`: piecewise constant, zero gradient.
    case step, sign
    // Shape and layout.
    case reshape([Int])
    case permute([Int])
    case expand([Int])
    case slice(lower: [Int], upper: [Int])
    case pad(before: [Int], after: [Int])
    // Reductions (reduced axes kept with extent 1).
    case sum(axes: [Int])
    // Linear algebra and convolution.
    case matmul(transposeA: Bool, transposeB: Bool)
    case conv2d(stride: Int, padding: Int)
    case conv2dInputGradient(inputShape: [Int], stride: Int, padding: Int)
    case conv2dWeightGradient(weightShape: [Int], stride: Int, padding: Int)
    // Pooling and indexing.
    case avgPool2d(kernel: Int, stride: Int)
    case avgPool2dAdjoint(inputShape: [Int], kernel: Int, stride: Int)
    case gather(indices: IndexList, sourceShape: [Int], shape: [Int])
    case scatterAdd(indices: IndexList, shape: [Int])
    // Per-channel ops on [N, C, …] (channel axis 1), the fused pieces of BatchNorm:
    /// `x·scale[c] + shift[c]` for inputs x [N, C, …], scale [C], shift [C].
    case channelAffine
    /// `Σ_{n,…} a·b` per channel for two tensors of one shape [N, C, …]: result [C].
    case channelDot
    /// The biased variance of each channel of x [N, C, …] over its N·(…) elements: result [C].
    case channelVariance

    /// Every op, with representative arguments: the gradient-check table iterates over this and a
    /// test fails when an op is missing from it.
    public static var allKinds: [String] {
        ["add", "subtract", "multiply", "divide", "negate", "exp", "log", "relu", "abs", "power", "addScalar",
         "multiplyScalar", "step", "sign", "reshape", "permute", "expand", "slice", "pad", "sum", "matmul",
         "conv2d", "conv2dInputGradient", "conv2dWeightGradient", "avgPool2d", "avgPool2dAdjoint",
         "gather", "scatterAdd", "channelAffine", "channelDot", "channelVariance"]
    }

    /// The op's name as in `allKinds`.
    public var kind: String {
        switch self {
        case .add: "add"
        case .subtract: "subtract"
        case .multiply: "multiply"
        case .divide: "divide"
        case .negate: "negate"
        case .exp: "exp"
        case .log: "log"
        case .relu: "relu"
        case .abs: "abs"
        case .power: "power"
        case .addScalar: "addScalar"
        case .multiplyScalar: "multiplyScalar"
        case .step: "step"
        case .sign: "sign"
        case .reshape: "reshape"
        case .permute: "permute"
        case .expand: "expand"
        case .slice: "slice"
        case .pad: "pad"
        case .sum: "sum"
        case .matmul: "matmul"
        case .conv2d: "conv2d"
        case .conv2dInputGradient: "conv2dInputGradient"
        case .conv2dWeightGradient: "conv2dWeightGradient"
        case .avgPool2d: "avgPool2d"
        case .avgPool2dAdjoint: "avgPool2dAdjoint"
        case .gather: "gather"
        case .scatterAdd: "scatterAdd"
        case .channelAffine: "channelAffine"
        case .channelDot: "channelDot"
        case .channelVariance: "channelVariance"
        }
    }
}

/// Flat element indices shared by a gather and its adjoint scatter (compared by identity).
public final class IndexList: @unchecked Sendable, Equatable {
    public let indices: [Int32]
    public init(_ indices: [Int32]) { self.indices = indices }
    public static func == (a: IndexList, b: IndexList) -> Bool { a === b }
}
