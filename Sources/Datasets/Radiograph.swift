import Autodiff
import Foundation

/// The high-risk client's image (client 9 of docs/PAPER.md "The companion experiment"): a real chest
/// radiograph, NEMA WG04 test image RG1 from the MIT-licensed PyPI package `pydicom-data`, windowed,
/// cropped to a square and stored at 256×256 with a **fake** patient label burned into the top-left
/// corner ("DOE, JANE" / "1961-04-09", white block letters on a black box). Provenance and the
/// regeneration script: Resources/PROVENANCE.md, tools/make_radiograph.py.
public enum Radiograph {
    /// Side of the stored image.
    public static let nativeSize = 256
    /// The burned-in fake label, one string per line.
    public static let labelLines = ["DOE, JANE", "1961-04-09"]
    /// The label's black box in stored (256×256) pixel coordinates.
    public static let nativeLabelBox = (rows: 0..<68, columns: 0..<212)

    /// Path of the stored PNG inside the module's resource bundle.
    public static var resourcePath: String {
        get throws {
            guard let path = Bundle.module.path(forResource: "radiograph-rg1-256", ofType: "png", inDirectory: "Resources") else {
                throw DatasetError(.missingFile, file: "Resources/radiograph-rg1-256.png",
                                   "the radiograph is missing from the Datasets resource bundle (rebuild the package)")
            }
            return path
        }
    }

    /// The radiograph as a tensor [1, 1, size, size] in [0, 1], area-resized from 256×256
    /// (bilinear when `size` > 256).
    public static func load(size: Int = 64) throws -> Tensor {
        guard size > 0 else { throw DatasetError(.invalidArgument, file: nil, "Radiograph.load: size \(size) must be positive") }
        let image = try PNGFile.read(resourcePath)
        guard image.width == nativeSize, image.height == nativeSize else {
            throw DatasetError(.corrupt, file: try resourcePath, "expected \(nativeSize)×\(nativeSize), found \(image.width)×\(image.height)")
        }
        let full = Tensor(shape: [1, 1, nativeSize, nativeSize], scalars: image.pixels)
        return try ImageResampler.resize(full, height: size, width: size)
    }

    /// The label box at another resolution: the pixels whose area lies mostly inside the box.
    public static func labelBox(size: Int) -> (rows: Range<Int>, columns: Range<Int>) {
        func scaled(_ range: Range<Int>) -> Range<Int> {
            let scale = Double(size) / Double(nativeSize)
            return Int((Double(range.lowerBound) * scale).rounded())..<Int((Double(range.upperBound) * scale).rounded())
        }
        return (scaled(nativeLabelBox.rows), scaled(nativeLabelBox.columns))
    }
}
