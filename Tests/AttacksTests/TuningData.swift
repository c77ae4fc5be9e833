import Autodiff
import Datasets
import Foundation

/// Real Fashion-MNIST images reserved for tuning the attacks (docs/tuning.md): train-split indices
/// ≥ 50,000 only. Train indices < 50,000 and the whole test split are left to the chapters'
/// evaluation and are never used here.
enum TuningData {
    /// First train index of the tuning range.
    static let firstIndex = 50_000
    /// The tuning images: train indices 50,000 + `tuningOffsets`.
    static let tuningOffsets = Array(0..<10)
    /// The prior is the blurred mean of train images 51,000 ..< 52,000 (disjoint from the tuning images).
    static let priorRange = 51_000..<52_000
    static let priorBlurSigma: Float = 1

    private static let cache = Cache()

    /// Train images 0 ..< 52,000 at `size` (loaded once per size).
    static func train(size: Int) throws -> LabeledImages {
        try cache.get(size: size) { try FashionMNIST.load(.train, size: size, limit: priorRange.upperBound) }
    }

    /// Tuning image `offset` (train index 50,000 + offset) as [1, 1, size, size] and its label.
    static func image(_ offset: Int, size: Int = 32) throws -> (image: Tensor, label: Int) {
        precondition(offset >= 0 && firstIndex + offset < priorRange.lowerBound, "not a tuning image: offset \(offset)")
        let one = try train(size: size).subset([firstIndex + offset])
        return (one.images, one.labels[0])
    }

    /// The prior image [1, 1, size, size]: blurred mean of the prior range.
    static func prior(size: Int = 32) throws -> Tensor {
        let images = try train(size: size).subset(Array(priorRange)).images
        return try PriorImage.mean(of: images, blurSigma: priorBlurSigma)
    }

    private final class Cache: @unchecked Sendable {
        private var loaded: [Int: LabeledImages] = [:]
        private let lock = NSLock()

        func get(size: Int, load: () throws -> LabeledImages) rethrows -> LabeledImages {
            lock.lock(); defer { lock.unlock() }
            if let images = loaded[size] { return images }
            let images = try load()
            loaded[size] = images
            return images
        }
    }
}
