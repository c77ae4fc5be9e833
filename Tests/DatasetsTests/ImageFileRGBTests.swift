import Autodiff
import Foundation
import XCTest
@testable import Datasets

/// RGB PNGs as [3, H, W] planes (torchvision's `ToTensor` layout); gray replicated only when asked.
final class ImageFileRGBTests: XCTestCase {
    /// A 5×4 RGB image whose planes differ (so a plane mix-up or an interleaving error shows).
    func rgbImage() -> Tensor {
        let plane = 20
        return Tensor(shape: [3, 4, 5], scalars: (0..<(3 * plane)).map { Float(($0 * 37) % 256) / 255 })
    }

    func testRGBPNGRoundTripsAsThreePlanes() throws {
        let dir = try makeTemporaryDirectory(self)
        let path = dir.appendingPathComponent("rgb.png").path
        let image = rgbImage()
        try ImageFile.write(image, to: path)
        let back = try ImageFile.read(path)
        XCTAssertEqual(back.shape, [3, 4, 5])
        for (a, b) in zip(back.scalars, image.scalars) { XCTAssertEqual(a, b, accuracy: 0.5 / 255) }
        XCTAssertEqual(try ImageFile.read(path, channels: 3).scalars, back.scalars)
        // As one channel, libpng's luminance of the colours: not any single plane.
        let gray = try ImageFile.read(path, channels: 1)
        XCTAssertEqual(gray.shape, [1, 4, 5])
        XCTAssertNotEqual(gray.scalars, Array(back.scalars.prefix(20)))
        // A batch-shaped [1, 3, H, W] image writes the same file.
        let path2 = dir.appendingPathComponent("rgb2.png").path
        try ImageFile.write(image.reshaped([1, 3, 4, 5]), to: path2)
        XCTAssertEqual(try ImageFile.read(path2).scalars, back.scalars)
    }

    func testGrayIsReplicatedOnlyWhenAsked() throws {
        let path = fixture("gray-as-palette-4x3.png")
        let gray = try ImageFile.read(path)
        XCTAssertEqual(gray.shape[0], 1)
        XCTAssertThrowsError(try ImageFile.read(path, channels: 3)) { error in
            XCTAssertEqual((error as? DatasetError)?.kind, .mismatch)
        }
        let replicated = try ImageFile.read(path, channels: 3, replicatingGray: true)
        XCTAssertEqual(replicated.shape, [3] + gray.shape.dropFirst())
        let n = gray.count
        for c in 0..<3 { XCTAssertEqual(Array(replicated.scalars[(c * n)..<((c + 1) * n)]), gray.scalars) }
        XCTAssertThrowsError(try ImageFile.read(path, channels: 2))
    }

    func testGrayStoredAsRGBReadsAsThreeEqualPlanes() throws {
        let rgb = try ImageFile.read(fixture("gray-as-rgb-4x3.png"))
        XCTAssertEqual(rgb.shape, [3, 3, 4])
        let n = 12
        XCTAssertEqual(Array(rgb.scalars[0..<n]), Array(rgb.scalars[n..<(2 * n)]))
    }

    func testRGBCannotBeWrittenAsPGM() throws {
        let dir = try makeTemporaryDirectory(self)
        XCTAssertThrowsError(try ImageFile.write(rgbImage(), to: dir.appendingPathComponent("x.pgm").path))
    }
}
