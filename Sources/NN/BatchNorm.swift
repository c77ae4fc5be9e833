import Autodiff

/// How BatchNorm layers behave in a forward pass (PyTorch's `model.train()` / `model.eval()`).
public enum NormMode: Sendable, Equatable {
    /// Normalise with the batch's statistics and update the running statistics with `momentum`.
    case train(momentum: Float = 0.1)
    /// Normalise with the running statistics.
    case eval

    public static let train = NormMode.train(momentum: 0.1)
}

/// The statistics one BatchNorm layer saw in a train-mode forward pass: per-channel mean and the
/// biased variance used for normalisation (μ_l(X), σ²_l(X) of the BN matching term in docs/PAPER.md "The baseline attack").
public struct BatchStatistics: Sendable {
    /// The BN layer's name prefix, e.g. `layer1.0.bn1`.
    public let layer: String
    public let mean: Tensor
    public let variance: Tensor
    /// Elements per channel (N·H·W); the unbiased variance is `variance · count / (count − 1)`.
    public let count: Int

    public init(layer: String, mean: Tensor, variance: Tensor, count: Int) {
        self.layer = layer; self.mean = mean; self.variance = variance; self.count = count
    }

    /// The same statistics as constants.
    public func detached() -> BatchStatistics {
        BatchStatistics(layer: layer, mean: mean.detached(), variance: variance.detached(), count: count)
    }

    /// The unbiased variance, n/(n−1) times the biased one (what running statistics accumulate).
    public var unbiasedVariance: Tensor { variance * (Float(count) / Float(max(count - 1, 1))) }
}

/// The result of `batchNorm2d`.
public struct BatchNormOutput {
    public let output: Tensor
    /// New running mean / variance (train mode), or the old ones (eval mode).
    public let runningMean: Tensor
    public let runningVariance: Tensor
    /// The batch statistics used (train mode only).
    public let statistics: (mean: Tensor, variance: Tensor, count: Int)?
}

/// BatchNorm2d with PyTorch semantics over [N, C, H, W]. Train mode normalises with the batch mean
/// and the **biased** batch variance and updates the running statistics with the **unbiased** one:
/// r ← (1 − m)·r + m·s (docs/PAPER.md "Recovering batch BN statistics"). Eval mode uses the running
/// statistics. Buffers are returned, never mutated. Composed of Tensor ops: no gradient code.
public func batchNorm2d(_ x: Tensor, weight: Tensor, bias: Tensor, runningMean: Tensor, runningVariance: Tensor,
                        mode: NormMode, epsilon: Float = 1e-5) -> BatchNormOutput {
    precondition(x.rank == 4, "batchNorm2d: input must be [N, C, H, W], got \(x.shape)")
    let c = x.shape[1]
    precondition([weight.shape, bias.shape, runningMean.shape, runningVariance.shape].allSatisfy { $0 == [c] },
                  "batchNorm2d: parameters must have shape [\(c)] for input \(x.shape)")
    // Both modes are one per-channel affine map y = x·s[c] + t[c] (a single fused pass).
    switch mode {
    case .eval:
        let scale = weight * (runningVariance + epsilon).pow(-0.5)
        return BatchNormOutput(output: x.channelAffine(scale: scale, shift: bias - runningMean * scale),
                               runningMean: runningMean, runningVariance: runningVariance, statistics: nil)
    case .train(let momentum):
        let count = x.count / c
        let batchMean = x.channelMean()
        let batchVariance = x.channelVariance()
        let scale = weight * (batchVariance + epsilon).pow(-0.5)
        let output = x.channelAffine(scale: scale, shift: bias - batchMean * scale)
        let unbiased = batchVariance * (Float(count) / Float(max(count - 1, 1)))
        return BatchNormOutput(
            output: output,
            runningMean: runningMean * (1 - momentum) + batchMean * momentum,
            runningVariance: runningVariance * (1 - momentum) + unbiased * momentum,
            statistics: (batchMean, batchVariance, count))
    }
}
