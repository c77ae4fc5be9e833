import Autodiff
import Exchange
import NN

/// Target statistics of one BN layer: per-channel mean and **unbiased** variance.
public struct NormTarget: Sendable {
    public let layer: String
    public let mean: Tensor
    public let unbiasedVariance: Tensor

    public init(layer: String, mean: Tensor, unbiasedVariance: Tensor) {
        self.layer = layer; self.mean = mean; self.unbiasedVariance = unbiasedVariance
    }
}

/// Recovering batch BN statistics from the running statistics a client shares
/// (docs/PAPER.md "Recovering batch BN statistics from running statistics").
///
/// PyTorch updates r_t = (1−m)·r_{t−1} + m·s_t at every train-mode forward pass, with s_t the batch
/// mean or the unbiased batch variance. From r₀ (global) and r_T = r₀ + Δ the attacker computes
///
///     ŝ = (r_T − (1−m)·r₀) / m
///
/// which is exactly s₁ for T = 1. For T > 1 it equals Σ_t (1−m)^{T−t} s_t + ((1−m)^T − (1−m))/m · r₀,
/// a weighted mixture. Noise on Δ is amplified by 1/m.
public enum BatchStatisticsRecovery {
    /// Recovered statistics for every BN layer of the update, in state-dict order.
    public static func recover(global: ModelState, delta: ModelState, momentum m: Float) -> [NormTarget] {
        layers(of: global).map { layer in
            func recovered(_ suffix: String) -> Tensor {
                let r0 = global["\(layer).\(suffix)"], rT = r0 + delta["\(layer).\(suffix)"]
                return (rT - r0 * (1 - m)) / m
            }
            return NormTarget(layer: layer, mean: recovered("running_mean"), unbiasedVariance: recovered("running_var"))
        }
    }

    /// The global model's running statistics (the weaker prior a server has without recovery).
    public static func globalRunning(_ global: ModelState) -> [NormTarget] {
        layers(of: global).map {
            NormTarget(layer: $0, mean: global["\($0).running_mean"], unbiasedVariance: global["\($0).running_var"])
        }
    }

    /// What the recovery formula yields for T > 1, given the true per-step statistics: the mixture
    /// Σ_t (1−m)^{T−t} s_t + ((1−m)^T − (1−m))/m · r₀ (used to test and explain the recovery).
    public static func mixture(steps: [NormTarget], initial: NormTarget, momentum m: Float) -> NormTarget {
        let t = steps.count
        var mean = initial.mean * ((powf(1 - m, Float(t)) - (1 - m)) / m)
        var variance = initial.unbiasedVariance * ((powf(1 - m, Float(t)) - (1 - m)) / m)
        for (index, s) in steps.enumerated() {
            let weight = powf(1 - m, Float(t - 1 - index))
            mean = mean + s.mean * weight
            variance = variance + s.unbiasedVariance * weight
        }
        return NormTarget(layer: initial.layer, mean: mean, unbiasedVariance: variance)
    }

    /// Recovery error against the true statistics of each step: for every layer, the relative L2
    /// error of the recovered mean and variance against the *last* step's batch statistics and
    /// against the average over steps.
    public static func error(recovered: [NormTarget], truth perStep: [[BatchStatistics]]) -> [RecoveryError] {
        recovered.map { target in
            let steps = perStep.compactMap { $0.first { $0.layer == target.layer } }
            let meanTruth = steps.map(\.mean).reduce(Tensor.zeros(target.mean.shape), +) / Float(max(steps.count, 1))
            let varTruth = steps.map(\.unbiasedVariance).reduce(Tensor.zeros(target.mean.shape), +) / Float(max(steps.count, 1))
            return RecoveryError(layer: target.layer,
                                 meanError: relativeError(target.mean, meanTruth),
                                 varianceError: relativeError(target.unbiasedVariance, varTruth))
        }
    }

    /// ‖a − b‖ / ‖b‖ (absolute when b = 0).
    static func relativeError(_ a: Tensor, _ b: Tensor) -> Float {
        withoutRecording {
            let difference = (a - b).squared().sum().item.squareRoot()
            let scale = b.squared().sum().item.squareRoot()
            return scale > 0 ? difference / scale : difference
        }
    }

    /// Names of the BN layers in a state (prefixes with a `running_mean`).
    public static func layers(of state: ModelState) -> [String] {
        state.names.filter { $0.hasSuffix(".running_mean") }.map { String($0.dropLast(".running_mean".count)) }
    }
}

/// Relative recovery error of one layer's statistics (against the mean over local steps).
public struct RecoveryError: Sendable, Codable {
    public let layer: String
    public let meanError: Float
    public let varianceError: Float
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
