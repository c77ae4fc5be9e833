extension Op {
    /// The name of each case of `Op`, without its arguments. `CaseIterable`, so the op table's
    /// coverage test lists every op from the enum itself: adding a case to `Op` does not compile
    /// until `kind` names it here, and then fails the op table until the table has a row for it.
    public enum Kind: String, CaseIterable, Sendable {
        case add, subtract, multiply, divide, maskPositive
        case negate, exp, log, relu, abs, power, addScalar, multiplyScalar, step, sign
        case reshape, permute, expand, slice, pad
        case sum, squaredDistance
        case matmul, conv2d, conv2dInputGradient, conv2dWeightGradient
        case avgPool2d, avgPool2dAdjoint, maxPool2d, gather, scatterAdd
        case channelAffine, channelDot, channelVariance
    }

    /// The case of this op (exhaustive, no `default:`).
    public var kind: Kind {
        switch self {
        case .add: .add
        case .subtract: .subtract
        case .multiply: .multiply
        case .divide: .divide
        case .maskPositive: .maskPositive
        case .negate: .negate
        case .exp: .exp
        case .log: .log
        case .relu: .relu
        case .abs: .abs
        case .power: .power
        case .addScalar: .addScalar
        case .multiplyScalar: .multiplyScalar
        case .step: .step
        case .sign: .sign
        case .reshape: .reshape
        case .permute: .permute
        case .expand: .expand
        case .slice: .slice
        case .pad: .pad
        case .sum: .sum
        case .squaredDistance: .squaredDistance
        case .matmul: .matmul
        case .conv2d: .conv2d
        case .conv2dInputGradient: .conv2dInputGradient
        case .conv2dWeightGradient: .conv2dWeightGradient
        case .avgPool2d: .avgPool2d
        case .avgPool2dAdjoint: .avgPool2dAdjoint
        case .maxPool2d: .maxPool2d
        case .gather: .gather
        case .scatterAdd: .scatterAdd
        case .channelAffine: .channelAffine
        case .channelDot: .channelDot
        case .channelVariance: .channelVariance
        }
    }

    /// The op's name (`kind`'s raw value), as error messages and the op table print it.
    public var name: String { kind.rawValue }
}
