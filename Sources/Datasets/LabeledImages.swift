import Autodiff
import Foundation

/// Images with integer class labels: `images` is [N, C, H, W] in [0, 1], `labels[i]` is the class of
/// image i (an index into `classNames`).
public struct LabeledImages: Sendable {
    public let images: Tensor
    public let labels: [Int]
    public let classNames: [String]

    /// Checks that `images` is rank 4 with one label per image and every label a valid class.
    public init(images: Tensor, labels: [Int], classNames: [String]) throws {
        guard images.rank == 4 else {
            throw DatasetError(.invalidArgument, file: nil, "LabeledImages: images must be [N, C, H, W], got shape \(images.shape)")
        }
        guard images.shape[0] == labels.count else {
            throw DatasetError(.mismatch, file: nil, "LabeledImages: \(images.shape[0]) images but \(labels.count) labels")
        }
        if let bad = labels.first(where: { $0 < 0 || $0 >= classNames.count }) {
            throw DatasetError(.invalidArgument, file: nil, "LabeledImages: label \(bad) is not a class index in 0..<\(classNames.count)")
        }
        self.images = images
        self.labels = labels
        self.classNames = classNames
    }

    /// Number of images.
    public var count: Int { labels.count }
    /// Shape of one image, [C, H, W].
    public var imageShape: [Int] { Array(images.shape.dropFirst()) }

    /// The images and labels at `indices`, in that order (indices may repeat).
    public func subset(_ indices: [Int]) throws -> LabeledImages {
        if let bad = indices.first(where: { $0 < 0 || $0 >= count }) {
            throw DatasetError(.invalidArgument, file: nil, "LabeledImages.subset: index \(bad) is out of range 0..<\(count)")
        }
        let item = imageShape.reduce(1, *)
        let gathered = images.withUnsafeBufferPointer { source in
            Tensor(shape: [indices.count] + imageShape) { target in
                for (row, index) in indices.enumerated() {
                    (target.baseAddress! + row * item).update(from: source.baseAddress! + index * item, count: item)
                }
            }
        }
        return try LabeledImages(images: gathered, labels: indices.map { labels[$0] }, classNames: classNames)
    }

    /// The first `n` images (all of them when `n >= count`).
    public func prefix(_ n: Int) throws -> LabeledImages { try subset(Array(0..<min(max(n, 0), count))) }

    /// Number of images of each class, indexed by class.
    public var classCounts: [Int] {
        var counts = [Int](repeating: 0, count: classNames.count)
        for label in labels { counts[label] += 1 }
        return counts
    }
}
