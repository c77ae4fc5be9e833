/// The intensity conventions of the paper's companion code (NVFlare `quantifying-data-leakage`):
/// reconstructions are min–max rescaled to 0…255 (MONAI `ScaleIntensity(minv=0, maxv=255)`), images
/// whose maximum is ≤ 1 are multiplied by 255 (`ImageSimMetric.check_shape`), and SSIM then uses
/// `data_range = 256` (one more than the 0…255 span, as the companion code passes it).
extension ImagePlanes {
    /// The companion code's SSIM data range on 0…255 images.
    public static let companionDataRange: Double = 256

    /// Min–max rescaling over all channels together to `range` (MONAI `ScaleIntensity` /
    /// `rescale_array`): `(x − min) / (max − min) · (upper − lower) + lower`, in Float32 like MONAI on a
    /// float32 tensor. A constant image becomes all `range.lowerBound` (MONAI returns `x · minv`,
    /// which is the same for the companion's `minv = 0`).
    public func minMaxRescaled(to range: ClosedRange<Float> = 0...255) -> ImagePlanes {
        var lo = pixels[0], hi = pixels[0]
        for p in pixels { lo = Swift.min(lo, p); hi = Swift.max(hi, p) }
        let out: [Float]
        if lo == hi {
            out = [Float](repeating: range.lowerBound, count: pixels.count)
        } else {
            let span = hi - lo, target = range.upperBound - range.lowerBound
            out = pixels.map { ($0 - lo) / span * target + range.lowerBound }
        }
        return ImagePlanes(validated: out, channels: channels, height: height, width: width)
    }

    /// The companion code's reference-image convention: multiplied by 255 when its maximum is ≤ 1
    /// (a 0…1 image), unchanged otherwise.
    public func scaledTo255IfUnitRange() -> ImagePlanes {
        guard (pixels.max() ?? 0) <= 1 else { return self }
        return ImagePlanes(validated: pixels.map { $0 * 255 }, channels: channels, height: height, width: width)
    }

    /// Wraps pixels already known to be finite and of the right count.
    init(validated pixels: [Float], channels: Int, height: Int, width: Int) {
        precondition(pixels.count == channels * height * width)
        self.channels = channels
        self.height = height
        self.width = width
        self.pixels = pixels
    }
}
