import Autodiff
import Datasets

/// The real data every chapter works with (docs/PAPER.md "Our setting"): Fashion-MNIST 32×32 in
/// [0, 1]. Training indices below 50,000 are the evaluation pool the federation's clients draw
/// from; indices from 50,000 on are reserved for tuning attacks and for the prior image, so no
/// evaluation image ever influenced a tuned setting.
public struct StudyData: Sendable {
    /// Client images (train split, indices < `tuningStart`).
    public let pool: LabeledImages
    /// Held-out test images for the global model's accuracy.
    public let test: LabeledImages
    /// The attack's prior: the blurred mean of images from the tuning range.
    public let prior: Tensor

    /// First train index of the tuning range.
    public static let tuningStart = 50_000

    /// Loads `poolSize` pool images, `testSize` test images and the prior (mean of 1,000 tuning
    /// images, Gaussian blur σ = 1.5 px).
    public static func load(poolSize: Int, testSize: Int, size: Int = 32) throws -> StudyData {
        precondition(poolSize <= tuningStart, "StudyData: the pool must stay below the tuning range")
        let train = try FashionMNIST.load(.train, size: size, limit: tuningStart + 1_000)
        let pool = try train.prefix(poolSize)
        let tuning = try train.subset(Array(tuningStart..<(tuningStart + 1_000)))
        let prior = try PriorImage.mean(of: tuning.images, blurSigma: 1.5)
        let test = try FashionMNIST.load(.test, size: size, limit: testSize)
        return StudyData(pool: pool, test: test, prior: prior)
    }
}
