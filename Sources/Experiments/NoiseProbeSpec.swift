import Attacks
import Autodiff
import Federated
import Kernels
import Trials

/// Chapter 4's measurements on the first noisy round that need no attack, as a trial: the clients'
/// update norms there (the clip norm C of the DP mechanism is their median) and, per σ₀, the error of
/// client 9's batch statistics recovered from its GaussianPrivacy-noised update (the 1/m amplification).
public struct NoiseProbeSpec: Trial, Hashable {
    public static let kind = "noise-probe"

    /// The noise-free run whose final state the first noisy round starts from (it must keep it).
    public var warmup: FederationRunSpec
    public var sigmas: [Float]
    /// Seed of the noise drawn on client 9's update.
    public var noiseSeed: UInt64

    public init(warmup: FederationRunSpec, sigmas: [Float], noiseSeed: UInt64) {
        self.warmup = warmup; self.sigmas = sigmas; self.noiseSeed = noiseSeed
    }

    public var label: String { "noise probe after \(warmup.label)" }

    public func run(in context: TrialContext) throws -> NoiseProbeOutcome {
        let study = try StudyCache.study(settings: warmup.settings, seed: warmup.seed)
        let warm = try FederationArtifacts.state(after: warmup.rounds, of: warmup, context: context)
        let training = study.federation().train(warmup.rounds + 1, global: warm)
        let norms = training.map { o in
            Double(o.update.delta.names.reduce(Float(0)) { $0 + o.update.delta[$1].scalars.reduce(0) { $0 + $1 * $1 } }.squareRoot())
        }
        let clean = training[study.client(9).index]
        let recoveryError = sigmas.map { sigma -> Double in
            var generator = RandomGenerator(seed: noiseSeed)
            let noisy = sigma > 0 ? GaussianPrivacy(sigma0: sigma).apply(clean.update, generator: &generator) : clean.update
            let recovered = BatchStatisticsRecovery.recover(global: warm, delta: noisy.delta, momentum: 0.1)
            let errors = BatchStatisticsRecovery.error(recovered: recovered, truth: clean.batchStatistics)
            return errors.map { Double($0.meanError) }.sorted()[errors.count / 2]
        }
        return NoiseProbeOutcome(updateNorms: norms, recoveryError: recoveryError, entries: warm.scalarCount)
    }
}

public struct NoiseProbeOutcome: Codable, Sendable, Equatable {
    /// L2 norm of each client's update in the first noisy round (client order 1…9).
    public var updateNorms: [Double]
    /// Median over BN layers of the relative error of client 9's recovered batch means, per σ₀.
    public var recoveryError: [Double]
    /// Entries per update d.
    public var entries: Int
}
