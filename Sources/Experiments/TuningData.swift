import Autodiff
import Datasets
import Foundation

/// Real Fashion-MNIST images reserved for tuning the attacks (docs/tuning.md; docs/PAPER.md "Our setting":
/// tune on tuning cases, freeze, then evaluate): train-split indices 50,000 ..< 51,000, addressed by
/// their offset k (train index 50,000 + k). Train indices < 50,000 (the evaluation pool of
/// `StudyData`) and the test split are never reachable from here: an offset outside 0 ..< 1,000 is
/// an error, not a clamp.
public enum TuningData {
    /// First train index of the tuning range (`StudyData.tuningStart`).
    public static let firstIndex = StudyData.tuningStart
    /// The prior is the blurred mean of train images 51,000 ..< 52,000 (disjoint from the tuning images).
    public static let priorRange = 51_000..<52_000
    /// Valid tuning offsets: train indices 50,000 ..< 51,000.
    public static let offsets = 0..<(priorRange.lowerBound - firstIndex)
    public static let priorBlurSigma: Float = 1

    /// An offset outside the tuning range.
    public struct RangeError: Error, CustomStringConvertible {
        public let offset: Int
        public var description: String {
            let index = TuningData.firstIndex + offset
            let whose = index < TuningData.firstIndex ? "the evaluation pool (train indices < 50,000), which must never be used for tuning"
                : "the prior's images (train indices 51,000 ..< 52,000)"
            return "tuning offset \(offset) is train index \(index), in \(whose); tuning offsets are \(TuningData.offsets.lowerBound) ..< \(TuningData.offsets.upperBound) (train indices 50,000 ..< 51,000)"
        }
    }

    private static let cache = Cache()

    /// Train images 0 ..< 52,000 at `size` (loaded once per size).
    static func train(size: Int) throws -> LabeledImages {
        try cache.get(size: size) { try FashionMNIST.load(.train, size: size, limit: priorRange.upperBound) }
    }

    /// Throws `RangeError` unless every offset is a tuning offset.
    public static func check(_ offsets: [Int]) throws {
        if let bad = offsets.first(where: { !self.offsets.contains($0) }) { throw RangeError(offset: bad) }
    }

    /// Tuning images at `offsets` (train indices 50,000 + offset) as [n, 1, size, size] and their labels.
    public static func images(_ offsets: [Int], size: Int = 32) throws -> LabeledImages {
        try check(offsets)
        return try train(size: size).subset(offsets.map { firstIndex + $0 })
    }

    /// Tuning image `offset` (train index 50,000 + offset) as [1, 1, size, size] and its label.
    public static func image(_ offset: Int, size: Int = 32) throws -> (image: Tensor, label: Int) {
        let one = try images([offset], size: size)
        return (one.images, one.labels[0])
    }

    /// The prior image [1, 1, size, size]: blurred mean of the prior range.
    public static func prior(size: Int = 32) throws -> Tensor {
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
