import Autodiff
import Datasets
import Leakage

/// The radiograph's burned-in label box (`Radiograph.labelBox`) in a grey image of `size`×`size`
/// pixels, and its SSIM against the original's with the companion's scaling (docs/PAPER.md
/// "Metrics": reconstructions min–max scaled to 0–255, data range 256) — chapters 2 and 5 score how
/// much of the identifying text a reconstruction gives back.
public struct LabelRegion: Sendable {
    public let size: Int
    public let rows: Range<Int>, columns: Range<Int>

    public init(size: Int) {
        self.size = size
        (rows, columns) = Radiograph.labelBox(size: size)
    }

    /// The label box of `image` (its first `size`×`size` plane) on 0–255: min–max scaled
    /// (reconstructions, priors) or scaled from [0, 1] (the original).
    public func planes(_ image: Tensor, rescale: Bool) throws -> ImagePlanes {
        let v = image.scalars
        let pixels = rows.flatMap { r in columns.map { c in v[r * size + c] } }
        let planes = try ImagePlanes(pixels: pixels, shape: [rows.count, columns.count])
        return rescale ? planes.minMaxRescaled(to: 0...255) : planes.scaledTo255IfUnitRange()
    }

    /// SSIM of `image`'s label box (min–max scaled unless `rescale` is false) against `original`'s.
    public func ssim(_ image: Tensor, against original: Tensor, rescale: Bool = true) throws -> Double {
        try StructuralSimilarity.ssim(planes(image, rescale: rescale), planes(original, rescale: false), dataRange: 256)
    }
}
