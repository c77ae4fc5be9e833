import Kernels

// Per-channel operations on [N, C, …] tensors (channel axis 1): the fused pieces of BatchNorm.
extension Tensor {
    /// `self · scale[c] + shift[c]` with `scale`, `shift` of shape [C] (one pass, no broadcast copies).
    public func channelAffine(scale: Tensor, shift: Tensor) -> Tensor {
        .apply(.channelAffine, [self, scale, shift])
    }

    /// `Σ self·other` over every axis but the channel axis: shape [C].
    public func channelDot(_ other: Tensor) -> Tensor { .apply(.channelDot, [self, other]) }

    /// The sum of each channel: shape [C].
    public func channelSum() -> Tensor {
        precondition(rank >= 2, "channelSum: input must be [N, C, …], got \(shape)")
        return sum(axes: [0] + Array(2..<rank))
    }

    /// The mean of each channel over its N·(…) elements: shape [C].
    public func channelMean() -> Tensor {
        precondition(rank >= 2, "channelMean: input must be [N, C, …], got \(shape)")
        return channelSum() / Float(max(count / max(shape[1], 1), 1))
    }

    /// The biased variance of each channel (mean squared deviation from the channel mean): shape [C].
    public func channelVariance() -> Tensor { .apply(.channelVariance, [self]) }
}
