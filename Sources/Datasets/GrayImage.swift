import Autodiff
import Foundation

/// A single-channel image with pixel values in [0, 1], row-major. The bridge between tensors and the
/// image files (`PNGFile`, `PGMFile`).
public struct GrayImage: Sendable, Equatable {
    public let width: Int
    public let height: Int
    /// `height × width` values, row-major, nominally in [0, 1].
    public let pixels: [Float]

    public init(width: Int, height: Int, pixels: [Float]) throws {
        guard width > 0, height > 0 else {
            throw DatasetError(.invalidArgument, file: nil, "GrayImage: size \(width)×\(height) must be positive")
        }
        guard pixels.count == width * height else {
            throw DatasetError(.invalidArgument, file: nil, "GrayImage: \(width)×\(height) needs \(width * height) pixels, got \(pixels.count)")
        }
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// An image from a tensor of shape [H, W], [1, H, W] or [1, 1, H, W].
    public init(_ tensor: Tensor) throws {
        let shape = tensor.shape
        guard shape.count >= 2, shape.dropLast(2).allSatisfy({ $0 == 1 }), shape.count <= 4 else {
            throw DatasetError(.invalidArgument, file: nil, "GrayImage: expected a tensor of shape [H, W], [1, H, W] or [1, 1, H, W], got \(shape)")
        }
        try self.init(width: shape[shape.count - 1], height: shape[shape.count - 2], pixels: tensor.scalars)
    }

    /// The image as a tensor [1, H, W].
    public var tensor: Tensor { Tensor(shape: [1, height, width], scalars: pixels) }

    /// Pixels quantised to `maxValue` levels (round to nearest, clamped to [0, 1] first).
    /// Throws for NaN or infinite pixels, which have no meaningful quantisation.
    func quantised(maxValue: Int, file: String) throws -> [UInt16] {
        if let index = pixels.firstIndex(where: { !$0.isFinite }) {
            throw DatasetError(.invalidArgument, file: file,
                               "cannot write: pixel (\(index % width), \(index / width)) is \(pixels[index])")
        }
        let scale = Float(maxValue)
        return pixels.map { UInt16((min(max($0, 0), 1) * scale).rounded()) }
    }
}
