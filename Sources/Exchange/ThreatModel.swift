import NN

/// What the attacker knows about BatchNorm statistics of the client's batches.
public enum NormStatisticsKnowledge: Sendable {
    /// No BN prior (or the model has no BN).
    case none
    /// The global model's running statistics (what the server holds before the round).
    case globalRunning
    /// Batch statistics recovered from the running-statistics deltas of the update
    /// (docs/PAPER.md "Recovering batch BN statistics"; the paper's baseline attack).
    case recoveredFromUpdate
    /// The true statistics of the client's batches, one list of layers per local step
    /// (GradInversion's assumption; an oracle, not available to a real server).
    case oracle([[BatchStatistics]])
}

/// What the attacker knows about the labels.
public enum LabelKnowledge: Sendable {
    case unknown
    case known([Int])
}

/// The attacker's knowledge beyond the exchanged messages (docs/PAPER.md "Threat model"): the server
/// always knows the architecture, θ_g, lr, B, T and N; these flags set what else it is granted.
public struct ThreatModel: Sendable {
    public let labels: LabelKnowledge
    public let normStatistics: NormStatisticsKnowledge

    public init(labels: LabelKnowledge = .unknown, normStatistics: NormStatisticsKnowledge = .recoveredFromUpdate) {
        self.labels = labels
        self.normStatistics = normStatistics
    }

    /// The honest-but-curious server of the paper: labels unknown, BN statistics recovered.
    public static let server = ThreatModel()
}
