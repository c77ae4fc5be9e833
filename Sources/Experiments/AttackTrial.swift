import Attacks
import Autodiff
import Exchange
import Federated
import NN

/// One attack on one client update, scored: the unit of every chapter's measurements.
public struct AttackTrial: Sendable {
    public let attackName: String
    public let result: AttackResult
    public let assessment: LeakageAssessment

    /// Trains `client` one round from `global`, attacks its update with `attack` under `threat`
    /// (built from the client's true batch statistics when it asks for the oracle), and scores the
    /// reconstructions against the client's images.
    public static func run(_ attack: any GradientInversionAttack, model: any Model, global: ModelState, client: Client,
                           threat: ThreatKind, prior: Tensor, seed: UInt64, filter: (any UpdateFilter)? = nil) throws -> AttackTrial {
        let payload = ServerPayload(round: 0, global: global)
        var outcome = client.train(payload, model: model)
        if let filter {
            var generator = RandomGenerator(seed: seed ^ 0x5EED)
            outcome = outcome.filtered(by: filter, generator: &generator)
        }
        return try attackUpdate(attack, model: model, payload: payload, outcome: outcome, client: client,
                                threat: threat, prior: prior, seed: seed)
    }

    /// Attacks an update that was already produced (e.g. during a federation round).
    public static func attackUpdate(_ attack: any GradientInversionAttack, model: any Model, payload: ServerPayload,
                                    outcome: LocalOutcome, client: Client, threat: ThreatKind, prior: Tensor,
                                    seed: UInt64) throws -> AttackTrial {
        let revealed = threat == .serverReadingLabels ? LabelRecovery.revealedLabels(update: outcome.update, global: payload.global) : nil
        let threatModel = threat.threatModel(labels: client.labels, batchStatistics: outcome.batchStatistics, revealedLabels: revealed)
        let result = try attack.reconstruct(model: model, payload: payload, update: outcome.update, threat: threatModel,
                                            prior: prior, seed: seed)
        let assessment = try LeakageAssessment.assess(reconstructions: result.images, originals: client.images, prior: prior,
                                                      predictedLabels: result.labels, trueLabels: client.labels)
        return AttackTrial(attackName: attack.name, result: result, assessment: assessment)
    }
}

/// The attacker's knowledge, chosen per experiment; turned into a `ThreatModel` once the client's
/// labels and true batch statistics (for the oracle) are known.
public enum ThreatKind: String, Sendable, Codable, CaseIterable {
    /// Labels unknown, BN statistics recovered from the update (the paper's server).
    case server
    /// The paper's server, reading the label off the last layer when the update reveals it (one
    /// image: iDLG's sign rule, `LabelRecovery.revealedLabels`) instead of guessing it jointly —
    /// with two classes a wrong guess pins the attack (chapter 5).
    case serverReadingLabels
    /// Labels unknown, no BN prior.
    case noNormPrior
    /// Labels unknown, the global running statistics as the BN prior.
    case globalRunning
    /// Labels unknown, the true batch statistics (GradInversion's oracle).
    case oracle
    /// Labels known, BN statistics recovered.
    case knownLabels
    /// Labels known, no BN prior (the favourable setting of DLG-style attacks).
    case knownLabelsNoNorm
    /// Labels known, oracle batch statistics (GradInversion's favourable setting).
    case knownLabelsOracle

    /// The threat model for a client with `labels` and true `batchStatistics`; `revealedLabels` are
    /// the labels the update itself gives away (nil when it does not), used by `.serverReadingLabels`.
    public func threatModel(labels: [Int], batchStatistics: [[BatchStatistics]], revealedLabels: [Int]? = nil) -> ThreatModel {
        switch self {
        case .server: ThreatModel(labels: .unknown, normStatistics: .recoveredFromUpdate)
        case .serverReadingLabels:
            ThreatModel(labels: revealedLabels.map { .known($0) } ?? .unknown, normStatistics: .recoveredFromUpdate)
        case .noNormPrior: ThreatModel(labels: .unknown, normStatistics: .none)
        case .globalRunning: ThreatModel(labels: .unknown, normStatistics: .globalRunning)
        case .oracle: ThreatModel(labels: .unknown, normStatistics: .oracle(batchStatistics))
        case .knownLabels: ThreatModel(labels: .known(labels), normStatistics: .recoveredFromUpdate)
        case .knownLabelsNoNorm: ThreatModel(labels: .known(labels), normStatistics: .none)
        case .knownLabelsOracle: ThreatModel(labels: .known(labels), normStatistics: .oracle(batchStatistics))
        }
    }
}

import Kernels
