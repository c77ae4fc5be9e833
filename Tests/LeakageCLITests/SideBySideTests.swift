import Autodiff
import Experiments
import XCTest
@testable import LeakageCLI

/// The audit's picture: each client image above the reconstruction the scores matched to it, enlarged
/// to ≥ 128 px tiles, for gray and colour images.
final class SideBySideTests: XCTestCase {
    /// A [1, C, 32, 32] image filled with one colour per channel.
    func image(_ colour: [Float]) -> Tensor {
        Tensor(shape: [1, colour.count, 32, 32], scalars: colour.flatMap { Array(repeating: $0, count: 32 * 32) })
    }

    /// A reconstruction with a min–max range: left half `low`, right half `high` in every channel.
    func halves(channels: Int, low: Float = 0, high: Float = 1) -> Tensor {
        Tensor(shape: [1, channels, 32, 32], scalars: (0..<(channels * 1024)).map { ($0 % 32) < 16 ? low : high })
    }

    func assessment(best: [Int], rdlv: [Double?]) throws -> LeakageAssessment {
        let n = best.count
        let json: [String: Any] = [
            "bestSSIM": Array(repeating: 0.5, count: n), "priorSSIM": Array(repeating: 0.25, count: n),
            "rdlv": rdlv.map { $0 as Any? ?? NSNull() }, "bestReconstruction": best, "matchedReconstruction": best,
            "matchedSSIM": Array(repeating: 0.5, count: n), "matchedPSNR": Array(repeating: 10.0, count: n),
        ]
        return try JSONDecoder().decode(LeakageAssessment.self, from: JSONSerialization.data(withJSONObject: json))
    }

    func testOriginalsArePairedWithTheirBestReconstructionInColour() throws {
        // Original 0 is red, original 1 green; their best reconstructions are 1 and 0.
        let originals = [image([1, 0, 0]), image([0, 1, 0])]
        // After min–max rescaling, reconstruction 0 is black | white, reconstruction 1 white | black.
        let reconstructions = [halves(channels: 3, low: 0.2, high: 0.4), halves(channels: 3, low: 0.8, high: 0.6)]
        let picture = SideBySide.render(originals: originals, reconstructions: reconstructions,
                                        assessment: try assessment(best: [1, 0], rdlv: [1, nil]))
        XCTAssertEqual(picture.shape[0], 3, "colour stays colour")
        let (h, w) = (picture.shape[1], picture.shape[2])
        XCTAssertGreaterThanOrEqual(w, 2 * 128 + SideBySide.gap + 2 * SideBySide.margin)
        func pixel(_ x: Int, _ y: Int) -> [Float] { (0..<3).map { picture.scalars[($0 * h + y) * w + x] } }
        // Tiles: 4× nearest neighbour, so 128 px; the first tile row starts below the two header lines.
        let top = SideBySide.margin + 2 * (7 * SideBySide.fontScale + 6) + 4
        let columnWidth = (w - 2 * SideBySide.margin - SideBySide.gap) / 2
        let left = SideBySide.margin + (columnWidth - 128) / 2
        XCTAssertEqual(pixel(left + 64, top + 64), [1, 0, 0], "original 0 is red")
        XCTAssertEqual(pixel(left + 127, top + 127), [1, 0, 0], "and 128 px wide")
        XCTAssertEqual(pixel(left + 128, top + 64), [1, 1, 1], "then white")
        XCTAssertEqual(pixel(left + columnWidth + SideBySide.gap + 64, top + 64), [0, 1, 0], "original 1 is green")
        // Below original 0: reconstruction 1 (white | black); below original 1: reconstruction 0.
        let below = top + 128 + SideBySide.gap
        XCTAssertEqual(pixel(left + 10, below + 10), [1, 1, 1])
        XCTAssertEqual(pixel(left + 120, below + 10), [0, 0, 0])
        let right = left + columnWidth + SideBySide.gap
        XCTAssertEqual(pixel(right + 10, below + 10), [0, 0, 0])
        XCTAssertEqual(pixel(right + 120, below + 10), [1, 1, 1])
        XCTAssertGreaterThan(h, below + 128 + 3 * 14, "three caption lines under each pair")
        // Captions are drawn (some black pixels below the tiles).
        let captions = (below + 128 + 6)..<h
        XCTAssertTrue(captions.contains { y in (0..<w).contains { pixel($0, y) == [0, 0, 0] } })
    }

    func testGrayReconstructionsAloneAreEnlarged() throws {
        let picture = SideBySide.render(originals: nil, reconstructions: [halves(channels: 1), halves(channels: 1)], assessment: nil)
        XCTAssertEqual(picture.shape[0], 1)
        XCTAssertGreaterThanOrEqual(picture.shape[2], 2 * 128)
        XCTAssertGreaterThanOrEqual(picture.shape[1], 128)
    }

    func testTheFontCoversTheCaptions() {
        for text in ["TOP: CLIENT IMAGE", "BOTTOM: BEST RECONSTRUCTION", "IMAGE 0 : REC 2", "SSIM 0.872", "RDLV +3.060",
                     "RDLV UNDEFINED", "RDLV -0.5", "RECONSTRUCTIONS (NOT SCORED)"] {
            for character in text { XCTAssertTrue(BitmapFont.hasGlyph(character), "\(character) in \(text)") }
        }
    }
}
