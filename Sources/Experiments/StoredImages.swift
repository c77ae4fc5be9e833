import Autodiff
import Foundation

/// Images kept in a trial outcome for the chapter's figures: the tensor's shape and its Float32
/// values, little-endian and base64-encoded (a 32×32 image is 5.5 kB of JSON).
public struct StoredImages: Codable, Sendable, Equatable {
    public var shape: [Int]
    public var data: String

    public init(_ tensor: Tensor) {
        shape = tensor.shape
        let bytes = tensor.scalars.withUnsafeBufferPointer { buffer in
            Data(buffer: UnsafeBufferPointer(start: buffer.baseAddress, count: buffer.count))
        }
        data = bytes.base64EncodedString()
    }

    /// The images as a tensor (throws when the data does not fit the shape).
    public func tensor() throws -> Tensor {
        guard let bytes = Data(base64Encoded: data) else { throw StoredImagesError("stored images: not base64") }
        let count = shape.reduce(1, *)
        guard bytes.count == count * MemoryLayout<Float>.size else {
            throw StoredImagesError("stored images: \(bytes.count) bytes for shape \(shape)")
        }
        let values = bytes.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
        return Tensor(shape: shape, scalars: values)
    }
}

struct StoredImagesError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
