/// A single-channel image of Float32 pixels, row-major (`height × width`), nominally in [0, 1].
///
/// The one grey-image value of the package: the numeric stack reads and writes it as PNG/PGM files
/// (Datasets), the report stack draws it in image grids and stores it in frozen results (Plotting).
/// The initialiser does not check the size, because decoded JSON and hand-built figures are checked
/// later with a message naming their context; `sizeProblem` says what is wrong.
public struct GrayImage: Sendable, Equatable {
    public var width: Int
    public var height: Int
    /// `height × width` values, row-major.
    public var pixels: [Float]

    public init(width: Int, height: Int, pixels: [Float]) {
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// Why the image is not a valid `width × height` image, or `nil` when it is: a non-positive size,
    /// or a pixel count that is not `width × height`.
    public var sizeProblem: String? {
        guard width > 0, height > 0 else { return "size \(width)×\(height) must be positive" }
        guard pixels.count == width * height else {
            return "\(width)×\(height) needs \(width * height) pixels, got \(pixels.count)"
        }
        return nil
    }

    /// Finite minimum and maximum of the pixels (0…1 when there are none).
    public var finiteRange: (lower: Float, upper: Float) {
        var lo = Float.infinity, hi = -Float.infinity
        for p in pixels where p.isFinite {
            lo = min(lo, p)
            hi = max(hi, p)
        }
        return lo <= hi ? (lo, hi) : (0, 1)
    }
}
