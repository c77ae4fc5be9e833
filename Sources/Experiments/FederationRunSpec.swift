import Autodiff
import Federated
import Foundation
import Kernels
import NN
import Trials

/// A run of the study's nine-client federation (`FederationStudy`), as a trial: `rounds` FedAvg
/// rounds from the initial state, GaussianPrivacy(σ₀) on every update from round `noisyFrom` on,
/// (or another `NoiseFilter`), the updates of the `withheld` clients kept back in every round (the leakage gate). The global
/// states after the rounds in `keepStatesAfter` are kept beside the cache (artifacts, not
/// committed) for the audits of later rounds (`FederationAuditSpec`); a missing artifact is
/// recomputed, since the run is deterministic.
public struct FederationRunSpec: Trial, Hashable {
    public static let kind = "federation"

    public var settings: FederationStudy.Settings
    public var seed: UInt64
    public var rounds: Int
    /// First round whose updates are noised (nil: none); the noise-free rounds before it are the
    /// prefix run `noiseFreePrefix`, shared by every σ₀.
    public var noisyFrom: Int?
    /// The noise every client applies from round `noisyFrom` on.
    public var noise: NoiseFilter?
    public var withheld: [Int] = []
    public var keepStatesAfter: [Int] = []
    /// Which independent draw of the noise (nil or 0: the draw seeded by the federation's seed;
    /// k > 0: another seed derived from it), so noise draws can be resampled on one federation.
    public var noiseDraw: Int?

    public init(settings: FederationStudy.Settings, seed: UInt64, rounds: Int, noisyFrom: Int? = nil, noise: NoiseFilter? = nil,
                withheld: [Int] = [], keepStatesAfter: [Int] = []) {
        self.settings = settings; self.seed = seed; self.rounds = rounds; self.noisyFrom = noise == nil ? nil : noisyFrom ?? 1
        self.noise = noise; self.withheld = withheld.sorted(); self.keepStatesAfter = keepStatesAfter.sorted()
    }

    public var label: String {
        "federation, \(rounds) rounds, seed \(seed)" + (noise.map { ", \($0.filter.name) from round \(noisyFrom ?? 1)" } ?? "")
            + (withheld.isEmpty ? "" : ", withholding \(withheld)") + ((noiseDraw ?? 0) > 0 ? ", noise draw \(noiseDraw!)" : "")
    }

    /// The seed of the noise: the federation's own for draw 0, another one per later draw.
    public var noiseSeed: UInt64? {
        guard let noiseDraw, noiseDraw > 0 else { return nil }
        var generator = RandomGenerator(seed: seed).fork(0x6E6F_6973_6500 &+ UInt64(noiseDraw))
        return generator.next()
    }

    /// The noise-free run of the rounds before `noisyFrom`, keeping its final state.
    public var noiseFreePrefix: FederationRunSpec? {
        guard let noisyFrom, noisyFrom > 1 else { return nil }
        return FederationRunSpec(settings: settings, seed: seed, rounds: noisyFrom - 1, withheld: withheld,
                                 keepStatesAfter: [noisyFrom - 1])
    }

    public func run(in context: TrialContext) throws -> FederationRunOutcome {
        let study = try StudyCache.study(settings: settings, seed: seed)
        var accuracy: [Double] = []
        var state = study.initialState
        var first = 1
        if let prefix = noiseFreePrefix {
            accuracy = try context.dependency(prefix).accuracy
            state = try FederationArtifacts.state(after: prefix.rounds, of: prefix, context: context)
            first = prefix.rounds + 1
        }
        try keep(state, after: first - 1, context: context)
        let filter = noise?.filter
        let withheld = Set(self.withheld)
        for r in first...max(first, rounds) where r <= rounds {
            let noisy = noisyFrom.map { r >= $0 } ?? false
            state = try study.train(from: state, rounds: r...r, filter: noisy ? filter : nil, noiseSeed: noiseSeed,
                                withhold: { withheld.contains($0.update.clientID) })
            accuracy.append(study.accuracy(state))
            try keep(state, after: r, context: context)
        }
        let variances = state.names.filter { $0.hasSuffix(".running_var") }
        return FederationRunOutcome(accuracy: accuracy,
                                    negativeVariances: variances.reduce(0) { $0 + state[$1].scalars.filter { $0 < 0 }.count },
                                    varianceCount: variances.reduce(0) { $0 + state[$1].count })
    }

    private func keep(_ state: ModelState, after round: Int, context: TrialContext) throws {
        guard keepStatesAfter.contains(round) else { return }
        try FederationArtifacts.store(state, after: round, of: self, context: context)
    }
}

/// A noise defence as data: what every client applies to its update.
public enum NoiseFilter: Codable, Sendable, Hashable {
    /// The companion code's GaussianPrivacy(σ₀).
    case gaussianPrivacy(sigma0: Float)
    /// GaussianPrivacy(σ₀) with the BN buffers sent exact (the same draws on every other entry).
    case gaussianPrivacyWeightsOnly(sigma0: Float)
    /// The clipped Gaussian mechanism of differential privacy.
    case clippedGaussian(clipNorm: Float, noiseMultiplier: Float)

    public var filter: any UpdateFilter {
        switch self {
        case .gaussianPrivacy(let sigma0): GaussianPrivacy(sigma0: sigma0)
        case .gaussianPrivacyWeightsOnly(let sigma0): GaussianPrivacy(sigma0: sigma0, noisesBuffers: false)
        case let .clippedGaussian(clipNorm, noiseMultiplier): ClippedGaussian(clipNorm: clipNorm, noiseMultiplier: noiseMultiplier)
        }
    }
}

/// What a federation run measured.
public struct FederationRunOutcome: Codable, Sendable, Equatable {
    /// Test accuracy (the study's test images, BN in eval mode) after each round 1…rounds.
    public var accuracy: [Double]
    /// Entries of the final global model's BN running variances that are negative, and how many there are.
    public var negativeVariances: Int
    public var varianceCount: Int
}
