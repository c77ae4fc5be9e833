import Kernels

/// The closed set of primitive operations. Everything else (sigmoid, softmax, cross-entropy,
/// BatchNorm, TV, cosine distance, …) is composed from these and carries no gradient code.
/// Forward rules live in `Op+Forward.swift`, vector–Jacobian products in `Op+VJP.swift`, each one
/// exhaustive `switch`. Linear ops come in adjoint pairs (expand↔sum, pad↔slice, gather↔scatterAdd,
/// avgPool2d↔avgPool2dAdjoint, the conv2d triangle) so every VJP is itself differentiable.
/// Each case has a name in `Op.Kind` (`Op+Kind.swift`); the op table's tests iterate over
/// `Op.Kind.allCases`, so a new case without a row in the table fails them.
public enum Op: Sendable, Equatable {
    // Broadcasting binary arithmetic.
    case add, subtract, multiply, divide
    /// `a · (b > 0 ? 1 : 0)`, broadcasting: ReLU's VJP in one pass (zero gradient with respect to b).
    case maskPositive
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
    /// `Σ (a − b)²` over all elements of two tensors of one shape: a scalar. One pass over a and b
    /// with no intermediate tensor (the update distances of the attacks, docs/PAPER.md "The
    /// baseline attack": ‖ΔW_sim − ΔW‖₂ summed over the state's tensors).
    case squaredDistance
    // Linear algebra and convolution.
    case matmul(transposeA: Bool, transposeB: Bool)
    case conv2d(stride: Int, padding: Int)
    case conv2dInputGradient(inputShape: [Int], stride: Int, padding: Int)
    case conv2dWeightGradient(weightShape: [Int], stride: Int, padding: Int)
    // Pooling and indexing.
    case avgPool2d(kernel: Int, stride: Int)
    case avgPool2dAdjoint(inputShape: [Int], kernel: Int, stride: Int)
    /// Max pooling with a square window, padded with −∞ (torch.nn.functional.max_pool2d, floor
    /// mode). Its VJP scatters the gradient to each window's argmax (`scatterAdd`), whose own VJP
    /// is a gather: differentiable to any order, with the argmax fixed at the input.
    case maxPool2d(kernel: Int, stride: Int, padding: Int)
    case gather(indices: IndexList, sourceShape: [Int], shape: [Int])
    case scatterAdd(indices: IndexList, shape: [Int])
    // Per-channel ops on [N, C, …] (channel axis 1), the fused pieces of BatchNorm:
    /// `x·scale[c] + shift[c]` for inputs x [N, C, …], scale [C], shift [C].
    case channelAffine
    /// `Σ_{n,…} a·b` per channel for two tensors of one shape [N, C, …]: result [C].
    case channelDot
    /// The biased variance of each channel of x [N, C, …] over its N·(…) elements: result [C].
    case channelVariance
}

/// Flat element indices shared by a gather and its adjoint scatter (compared by identity).
public final class IndexList: @unchecked Sendable, Equatable {
    public let indices: [Int32]
    public init(_ indices: [Int32]) { self.indices = indices }
    public static func == (a: IndexList, b: IndexList) -> Bool { a === b }
}
