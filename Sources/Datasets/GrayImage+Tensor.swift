import Autodiff
import FileSupport

/// The bridge between tensors and the image files (`PNGFile`, `PGMFile`): the package's one grey
/// image type (FileSupport) as a tensor [1, H, W], and its pixels quantised for a file.
extension GrayImage {
    /// An image from a tensor of shape [H, W], [1, H, W] or [1, 1, H, W].
    /// Throws `DatasetError(.invalidArgument)` for any other shape.
    public init(_ tensor: Tensor) throws {
        let shape = tensor.shape
        guard shape.count >= 2, shape.dropLast(2).allSatisfy({ $0 == 1 }), shape.count <= 4,
              shape[shape.count - 1] > 0, shape[shape.count - 2] > 0 else {
            throw DatasetError(.invalidArgument, file: nil, "GrayImage: expected a non-empty tensor of shape [H, W], [1, H, W] or [1, 1, H, W], got \(shape)")
        }
        self.init(width: shape[shape.count - 1], height: shape[shape.count - 2], pixels: tensor.scalars)
    }

    /// The image as a tensor [1, H, W].
    public var tensor: Tensor { Tensor(shape: [1, height, width], scalars: pixels) }

    /// Pixels quantised to `maxValue` levels (round to nearest, clamped to [0, 1] first).
    /// Throws for an inconsistent size and for NaN or infinite pixels, which have no meaningful
    /// quantisation; the error names `file`.
    func quantised(maxValue: Int, file: String) throws -> [UInt16] {
        if let problem = sizeProblem {
            throw DatasetError(.invalidArgument, file: file, "cannot write: image \(problem)")
        }
        if let index = pixels.firstIndex(where: { !$0.isFinite }) {
            throw DatasetError(.invalidArgument, file: file,
                               "cannot write: pixel (\(index % width), \(index / width)) is \(pixels[index])")
        }
        let scale = Float(maxValue)
        return pixels.map { UInt16((min(max($0, 0), 1) * scale).rounded()) }
    }
}
