import Foundation

/// One federated client's local-training setup (docs/PAPER.md "Threat model and protocol"): how many
/// images it holds, its batch size B, local epochs, SGD learning rate and seed. Each epoch runs
/// T = ceil(n / B) SGD steps over the client's images in order.
public struct ClientSpec: Sendable, Equatable, Hashable {
    /// 1-based client number as in the companion's table.
    public let id: Int
    /// Number of local training images n.
    public let imageCount: Int
    /// Batch size B.
    public let batchSize: Int
    /// Local epochs per round (the paper: 1).
    public let localEpochs: Int
    /// Local SGD learning rate (the paper: 0.01, no momentum).
    public let learningRate: Float
    /// Seed for anything random the client does.
    public let seed: UInt64
    /// True for a client whose images are supplied from outside the shared pool (the high-risk
    /// client 9 holds the radiograph); the partition gives it no pool images.
    public let holdsOwnImages: Bool

    public init(id: Int, imageCount: Int, batchSize: Int, localEpochs: Int = 1, learningRate: Float = 0.01,
                seed: UInt64, holdsOwnImages: Bool = false) throws {
        guard imageCount >= 1, batchSize >= 1, localEpochs >= 1 else {
            throw DatasetError(.invalidArgument, file: nil,
                               "ClientSpec \(id): images (\(imageCount)), batch size (\(batchSize)) and local epochs (\(localEpochs)) must be ≥ 1")
        }
        guard learningRate.isFinite, learningRate > 0 else {
            throw DatasetError(.invalidArgument, file: nil, "ClientSpec \(id): learning rate \(learningRate) must be positive")
        }
        self.id = id
        self.imageCount = imageCount
        self.batchSize = batchSize
        self.localEpochs = localEpochs
        self.learningRate = learningRate
        self.seed = seed
        self.holdsOwnImages = holdsOwnImages
    }

    /// SGD steps per epoch, T = ceil(n / B).
    public var stepsPerEpoch: Int { (imageCount + batchSize - 1) / batchSize }
    /// SGD steps per round (what `num_batches_tracked` reveals): epochs × T.
    public var localSteps: Int { localEpochs * stepsPerEpoch }

    /// The index ranges of the local batches of one epoch, in order: [0, B), [B, 2B), …; the last
    /// batch is smaller when B does not divide n (PyTorch's DataLoader with drop_last=False).
    public var batchRanges: [Range<Int>] { ClientSpec.batchRanges(count: imageCount, batchSize: batchSize) }

    /// The in-order batch split of `count` items into batches of `batchSize`.
    public static func batchRanges(count: Int, batchSize: Int) -> [Range<Int>] {
        guard count > 0, batchSize > 0 else { return [] }
        return stride(from: 0, to: count, by: batchSize).map { $0..<min($0 + batchSize, count) }
    }
}
