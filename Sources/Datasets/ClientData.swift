import Autodiff
import Foundation

/// One local batch: images [b, C, H, W], their labels, and their positions in the client's data.
public struct LocalBatch: Sendable {
    public let images: Tensor
    public let labels: [Int]
    public let range: Range<Int>
}

/// A client's local training data and setup.
public struct ClientData: Sendable {
    public let spec: ClientSpec
    /// The images [n, C, H, W] and labels, in training order.
    public let data: LabeledImages
    /// Where each image came from in the shared pool (nil for a client's own images).
    public let poolIndices: [Int]?

    /// Checks that `data` holds exactly `spec.imageCount` images.
    public init(spec: ClientSpec, data: LabeledImages, poolIndices: [Int]?) throws {
        guard data.count == spec.imageCount else {
            throw DatasetError(.mismatch, file: nil, "ClientData: client \(spec.id) should hold \(spec.imageCount) images, got \(data.count)")
        }
        if let poolIndices, poolIndices.count != data.count {
            throw DatasetError(.mismatch, file: nil, "ClientData: client \(spec.id) has \(data.count) images but \(poolIndices.count) pool indices")
        }
        self.spec = spec
        self.data = data
        self.poolIndices = poolIndices
    }

    /// One epoch's batches in order: T = ceil(n / B) batches of B images, the last one possibly
    /// smaller. Every epoch uses the same split (the attacker knows it: docs/PAPER.md "Threat model and protocol").
    public func batches() -> [LocalBatch] {
        let item = data.imageShape.reduce(1, *)
        return spec.batchRanges.map { range in
            let images: Tensor
            if range.count == data.count {
                images = data.images
            } else {
                images = data.images.withUnsafeBufferPointer { source in
                    Tensor(shape: [range.count] + data.imageShape) { target in
                        target.baseAddress!.update(from: source.baseAddress! + range.lowerBound * item, count: range.count * item)
                    }
                }
            }
            return LocalBatch(images: images, labels: Array(data.labels[range]), range: range)
        }
    }
}
