/// How a client trained locally, sent beside its update (docs/PAPER.md "Threat model": the server knows
/// lr, B, T, N and the optimizer; `num_batches_tracked` in the update reveals T anyway).
public struct TrainingMetadata: Sendable, Codable, Equatable {
    /// N, the number of local images.
    public let images: Int
    /// B, the local batch size.
    public let batchSize: Int
    /// Local epochs.
    public let epochs: Int
    /// T, the number of local SGD steps (epochs · ceil(N/B)).
    public let localSteps: Int
    public let learningRate: Float
    /// SGD momentum (0 in the paper's protocol).
    public let momentum: Float
    /// BN momentum m of the running-statistics update (0.1).
    public let bnMomentum: Float
    /// Whether BatchNorm ran in train mode during local training (realistic) or eval mode.
    public let bnTrainMode: Bool

    public init(images: Int, batchSize: Int, epochs: Int = 1, learningRate: Float = 0.01, momentum: Float = 0,
                bnMomentum: Float = 0.1, bnTrainMode: Bool = true) {
        self.images = images; self.batchSize = batchSize; self.epochs = epochs
        self.localSteps = epochs * ((images + batchSize - 1) / batchSize)
        self.learningRate = learningRate; self.momentum = momentum
        self.bnMomentum = bnMomentum; self.bnTrainMode = bnTrainMode
    }
}
