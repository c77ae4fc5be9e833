import Attacks
import Autodiff
import Exchange
import Federated
import Kernels
import Trials

/// The server's attack on one client's update in one round of a federation run, as a trial: the
/// round is replayed from the global state the server sent (an artifact of `federation`), the
/// client's update as it was sent (noise included) is attacked with the tuned baseline, and the
/// reconstructions are scored against the client's images.
public struct FederationAuditSpec: Trial, Hashable {
    public static let kind = "federation-audit"

    /// The run whose round is audited; it must keep its state after round `round − 1`.
    public var federation: FederationRunSpec
    public var round: Int
    public var client: Int
    public var attack: AttackRecipe
    public var seed: UInt64
    /// What the attacker knows (the paper's server by default).
    public var threat: ThreatKind = .server
    /// Noise drawn afresh on the client's clean update (instead of the federation's own noise),
    /// for comparisons on one update.
    public var extraNoise: NoiseSpec?
    /// Also measure IIP against the client's images, 32 images of the other clients and 32 test images.
    public var identifiability = false
    public var keepImages = false

    public init(federation: FederationRunSpec, round: Int, client: Int, attack: AttackRecipe, seed: UInt64) {
        self.federation = federation; self.round = round; self.client = client; self.attack = attack; self.seed = seed
    }

    public var label: String {
        "\(attack.preset.rawValue) (\(attack.iterations) it.) on client \(client), round \(round) of the \(federation.label)"
    }

    public func run(in context: TrialContext) throws -> AttackOutcome {
        let study = try StudyCache.study(settings: federation.settings, seed: federation.seed)
        let sent = try FederationArtifacts.state(after: round - 1, of: federation, context: context)
        let noisy = federation.noisyFrom.map { round >= $0 } ?? false
        let replay = study.federation(filter: noisy ? federation.noise?.filter : nil).round(round, global: sent)
        let (k, c) = study.client(client)
        var update = replay.outcomes[k]
        if let extraNoise {
            var generator = RandomGenerator(seed: extraNoise.seed)
            update = update.filtered(by: GaussianPrivacy(sigma0: extraNoise.sigma0), generator: &generator)
        }
        let trial = try AttackTrial.attackUpdate(try attack.attack(), model: study.model, payload: replay.payload,
                                                 outcome: update, client: c, threat: threat,
                                                 prior: study.data.prior, seed: seed)
        var outcome = AttackOutcome(trial)
        if identifiability {
            let others = concatenate(study.clients.filter { $0.id != client }.map(\.images), axis: 0)
            let test = study.data.test.images.sliced(axis: 0, 0..<min(32, study.data.test.labels.count))
            let pool = concatenate([c.images, others.sliced(axis: 0, 0..<min(32, others.shape[0])), test], axis: 0)
            outcome.identifiability = try LeakageAssessment.identifiability(
                reconstructions: trial.result.images, pool: pool, clientPoolIndices: Array(0..<c.labels.count))
        }
        if keepImages { outcome.reconstructions = StoredImages(trial.result.images) }
        return outcome
    }
}
