import Autodiff

/// An image as the leakage measures see it: `channels` planes of `height × width` Float32 pixels,
/// row-major (`[C, H, W]`). Built from a `Tensor` of shape `[H, W]`, `[C, H, W]` or `[1, C, H, W]`,
/// or from raw pixels plus one of those shapes; construction rejects any other shape, a pixel count
/// that does not match the shape, and non-finite pixels, so every measure can trust its input.
public struct ImagePlanes: Sendable, Equatable {
    /// Number of channels (1 for grayscale).
    public let channels: Int
    /// Rows per channel.
    public let height: Int
    /// Columns per channel.
    public let width: Int
    /// `channels × height × width` pixels, channel-major then row-major.
    public let pixels: [Float]

    /// The shape as `[C, H, W]`.
    public var shape: [Int] { [channels, height, width] }
    /// Pixels per channel plane.
    public var planeCount: Int { height * width }

    /// Validates `pixels` against `shape` (`[H, W]`, `[C, H, W]` or `[1, C, H, W]`).
    /// - Parameter context: the function named in errors (defaults to this initialiser).
    public init(pixels: [Float], shape: [Int], context: String = "ImagePlanes") throws(LeakageError) {
        let dims: (Int, Int, Int)
        switch shape.count {
        case 2: dims = (1, shape[0], shape[1])
        case 3: dims = (shape[0], shape[1], shape[2])
        case 4 where shape[0] == 1: dims = (shape[1], shape[2], shape[3])
        default:
            throw LeakageError(context, "image shape \(shape) is not [H, W], [C, H, W] or [1, C, H, W]")
        }
        guard dims.0 > 0, dims.1 > 0, dims.2 > 0 else {
            throw LeakageError(context, "image shape \(shape) has an empty axis")
        }
        guard dims.0 * dims.1 * dims.2 == pixels.count else {
            throw LeakageError(context, "image shape \(shape) needs \(dims.0 * dims.1 * dims.2) pixels, got \(pixels.count)")
        }
        if let bad = pixels.firstIndex(where: { !$0.isFinite }) {
            throw LeakageError(context, "image of shape \(shape) has a non-finite pixel \(pixels[bad]) at flat index \(bad)")
        }
        (channels, height, width) = dims
        self.pixels = pixels
    }

    /// Reads a tensor of shape `[H, W]`, `[C, H, W]` or `[1, C, H, W]` (its values, not its graph).
    public init(_ tensor: Tensor, context: String = "ImagePlanes") throws(LeakageError) {
        try self.init(pixels: tensor.scalars, shape: tensor.shape, context: context)
    }

    /// Splits a batch tensor `[N, C, H, W]` into its `N` images.
    public static func batch(_ tensor: Tensor, context: String = "ImagePlanes.batch") throws(LeakageError) -> [ImagePlanes] {
        guard tensor.rank == 4, tensor.shape[0] > 0 else {
            throw LeakageError(context, "batch shape \(tensor.shape) is not [N, C, H, W] with N ≥ 1")
        }
        let all = tensor.scalars
        let per = all.count / tensor.shape[0]
        let imageShape = Array(tensor.shape.dropFirst())
        var images: [ImagePlanes] = []
        images.reserveCapacity(tensor.shape[0])
        for n in 0..<tensor.shape[0] {
            images.append(try ImagePlanes(pixels: Array(all[(n * per)..<((n + 1) * per)]), shape: imageShape, context: context))
        }
        return images
    }

    /// The pixels as a `[C, H, W]` tensor.
    public var tensor: Tensor { Tensor(shape: shape, scalars: pixels) }

    /// Throws unless `self` and `other` have the same `[C, H, W]` shape.
    func requireSameShape(as other: ImagePlanes, function: String) throws(LeakageError) {
        guard shape == other.shape else {
            throw LeakageError(function, "images have shapes \(shape) and \(other.shape); they must match")
        }
    }
}
