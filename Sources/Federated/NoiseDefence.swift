import Autodiff
import Exchange
import Kernels
import NN

/// A transformation a client applies to its update before sending it.
public protocol UpdateFilter: Sendable {
    var name: String { get }
    func apply(_ update: ClientUpdate, generator: inout RandomGenerator) -> ClientUpdate
}

/// The companion code's `GaussianPrivacy(σ₀)` (docs/PAPER.md "The noise defence"): σ = σ₀ × the 95th
/// percentile of the non-zero |Δ| over all entries; N(0, σ²) is added to every entry, BN buffers
/// included. No clipping and no (ε, δ) accounting: a heuristic, not differential privacy.
///
/// With `noisesBuffers: false` the BN buffers (running means and variances, batch counters) are
/// sent exact: σ and every noise draw stay those of the companion's filter, and the buffers' draws
/// are discarded, so the two variants differ only in the buffers (chapter 4's comparison of what
/// noise on the running statistics does to the model).
public struct GaussianPrivacy: UpdateFilter {
    public let sigma0: Float
    public let noisesBuffers: Bool
    public init(sigma0: Float, noisesBuffers: Bool = true) { self.sigma0 = sigma0; self.noisesBuffers = noisesBuffers }
    public var name: String { "GaussianPrivacy(σ₀ = \(sigma0)\(noisesBuffers ? "" : ", weights only"))" }

    /// The noise standard deviation σ for `delta`.
    public func standardDeviation(for delta: ModelState) -> Float {
        var magnitudes: [Float] = []
        for name in delta.names { magnitudes += delta[name].scalars.lazy.map(Swift.abs).filter { $0 > 0 } }
        guard !magnitudes.isEmpty else { return 0 }
        magnitudes.sort()
        return sigma0 * Self.percentile(sortedValues: magnitudes, 0.95)
    }

    public func apply(_ update: ClientUpdate, generator: inout RandomGenerator) -> ClientUpdate {
        let sigma = standardDeviation(for: update.delta)
        guard sigma > 0 else { return update }
        let noisy = update.delta.map { name, t in
            let noise = Tensor.randomNormal(t.shape, standardDeviation: sigma, generator: &generator)
            return noisesBuffers || !ModelState.isBuffer(name) ? t + noise : t
        }
        return update.replacingDelta(noisy)
    }

    /// NumPy's default (linear-interpolation) percentile of sorted values.
    static func percentile(sortedValues v: [Float], _ q: Double) -> Float {
        let position = q * Double(v.count - 1)
        let lower = Int(position.rounded(.down)), upper = min(lower + 1, v.count - 1)
        let fraction = Float(position - Double(lower))
        return v[lower] + (v[upper] - v[lower]) * fraction
    }
}

/// The Gaussian mechanism of differential privacy (beyond the paper): the whole update (every
/// entry) is clipped to L2 norm `clipNorm`, then N(0, (z·clipNorm)²) is added to every entry, with
/// noise multiplier z. Its privacy over rounds is accounted by `PrivacyAccountant`.
public struct ClippedGaussian: UpdateFilter {
    public let clipNorm: Float
    public let noiseMultiplier: Float
    public init(clipNorm: Float, noiseMultiplier: Float) {
        self.clipNorm = clipNorm; self.noiseMultiplier = noiseMultiplier
    }
    public var name: String { "ClippedGaussian(C = \(clipNorm), z = \(noiseMultiplier))" }

    public func apply(_ update: ClientUpdate, generator: inout RandomGenerator) -> ClientUpdate {
        let norm = update.delta.names.reduce(Float(0)) { $0 + update.delta[$1].scalars.reduce(0) { $0 + $1 * $1 } }.squareRoot()
        let scale = norm > clipNorm ? clipNorm / norm : 1
        let sigma = noiseMultiplier * clipNorm
        let noisy = update.delta.map { _, t in
            t * scale + Tensor.randomNormal(t.shape, standardDeviation: sigma, generator: &generator)
        }
        return update.replacingDelta(noisy)
    }
}
