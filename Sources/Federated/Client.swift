import Autodiff
import Kernels
import Exchange
import NN

/// A hospital in the federation: its private images and labels and how it trains locally.
public struct Client: Sendable {
    public let id: Int
    /// Private images [N, C, H, W] (never leave the client).
    public let images: Tensor
    /// Private labels.
    public let labels: [Int]
    public let training: LocalTraining

    public init(id: Int, images: Tensor, labels: [Int], training: LocalTraining) {
        precondition(images.shape[0] == labels.count, "Client \(id): \(images.shape[0]) images but \(labels.count) labels")
        self.id = id; self.images = images; self.labels = labels; self.training = training
    }

    /// The same client training at local learning rate `rate`.
    public func withLearningRate(_ rate: Float) -> Client {
        Client(id: id, images: images, labels: labels, training: training.withLearningRate(rate))
    }

    /// The metadata the client sends beside its update.
    public var metadata: TrainingMetadata {
        TrainingMetadata(images: labels.count, batchSize: training.batchSize, epochs: training.epochs,
                         learningRate: training.learningRate, momentum: training.momentum,
                         bnMomentum: training.bnMomentum, bnTrainMode: training.bnTrainMode)
    }

    /// One round of local training from the global state (docs/PAPER.md "Threat model and protocol"): Δ of every state
    /// entry. Also returns what only the client knows — the true batch statistics of each step —
    /// for oracle baselines and recovery-error measurements in experiments.
    public func train(_ payload: ServerPayload, model: any Model) -> LocalOutcome {
        let result = training.train(model, from: payload.global, images: images, targets: .hard(labels))
        let update = ClientUpdate(clientID: id, round: payload.round, delta: result.state - payload.global, metadata: metadata)
        return LocalOutcome(update: update, batchStatistics: result.batchStatistics, losses: result.losses)
    }
}

/// The result of a client's local round.
public struct LocalOutcome: Sendable {
    /// What is sent to the server.
    public let update: ClientUpdate
    /// Per local step, the true BN batch statistics (private to the client).
    public let batchStatistics: [[BatchStatistics]]
    /// Per local step, the mini-batch loss.
    public let losses: [Float]

    public init(update: ClientUpdate, batchStatistics: [[BatchStatistics]], losses: [Float]) {
        self.update = update; self.batchStatistics = batchStatistics; self.losses = losses
    }

    /// The same outcome with the update as transformed by `filter` (what is actually sent).
    public func filtered(by filter: any UpdateFilter, generator: inout RandomGenerator) -> LocalOutcome {
        LocalOutcome(update: filter.apply(update, generator: &generator), batchStatistics: batchStatistics, losses: losses)
    }
}
