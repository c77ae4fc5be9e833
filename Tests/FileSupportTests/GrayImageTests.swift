import FileSupport
import Foundation
import XCTest

final class GrayImageTests: XCTestCase {
    /// The JSON form is frozen in the committed output/chapters/*/results.json: base64 of
    /// little-endian Float32 pixels. This exact text must keep decoding to the same image.
    func testJSONFormatIsUnchanged() throws {
        let image = GrayImage(width: 2, height: 1, pixels: [1, -0.5])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = String(decoding: try encoder.encode(image), as: UTF8.self)
        XCTAssertEqual(json, #"{"height":1,"pixels":"AACAPwAAAL8=","width":2}"#)
        XCTAssertEqual(try JSONDecoder().decode(GrayImage.self, from: Data(json.utf8)), image)
    }

    func testPixelsRoundTripBitForBit() throws {
        let image = GrayImage(width: 2, height: 2, pixels: [0.1, -3.5e-8, .infinity, 1])
        let decoded = try JSONDecoder().decode(GrayImage.self, from: JSONEncoder().encode(image))
        XCTAssertEqual(decoded.pixels.map(\.bitPattern), image.pixels.map(\.bitPattern))
    }

    func testCorruptPixelsAreRejected() {
        for text in [#"{"width":1,"height":1,"pixels":"%%"}"#, #"{"width":1,"height":1,"pixels":"AAA="}"#] {
            XCTAssertThrowsError(try JSONDecoder().decode(GrayImage.self, from: Data(text.utf8)), text)
        }
    }

    func testSizeProblems() {
        XCTAssertNil(GrayImage(width: 2, height: 1, pixels: [0, 1]).sizeProblem)
        XCTAssertEqual(GrayImage(width: 2, height: 2, pixels: [0]).sizeProblem, "2×2 needs 4 pixels, got 1")
        XCTAssertEqual(GrayImage(width: 0, height: 3, pixels: []).sizeProblem, "size 0×3 must be positive")
    }

    func testFiniteRangeIgnoresNonFinitePixels() {
        let range = GrayImage(width: 4, height: 1, pixels: [.nan, 2, -1, .infinity]).finiteRange
        XCTAssertEqual(range.lower, -1)
        XCTAssertEqual(range.upper, 2)
        let none = GrayImage(width: 1, height: 1, pixels: [.nan]).finiteRange
        XCTAssertEqual(none.lower, 0)
        XCTAssertEqual(none.upper, 1)
    }
}
