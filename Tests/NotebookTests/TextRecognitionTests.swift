import Foundation
import Notebook
import XCTest

/// OCR scoring is exact; the engine itself is exercised when Tesseract is installed (`make deps`).
final class TextRecognitionTests: XCTestCase {
    func testEditDistanceCountsInsertionsDeletionsAndSubstitutions() {
        XCTAssertEqual(CharacterAccuracy.editDistance("kitten", "sitting"), 3)
        XCTAssertEqual(CharacterAccuracy.editDistance("", "abc"), 3)
        XCTAssertEqual(CharacterAccuracy.editDistance("abc", ""), 3)
        XCTAssertEqual(CharacterAccuracy.editDistance("flaw", "lawn"), 2)
        XCTAssertEqual(CharacterAccuracy.editDistance("same", "same"), 0)
    }

    func testCharacterAccuracyNormalisesCaseAndSpacesAndFloorsAtZero() {
        let truth = "DOE, JANE 1961-04-09"
        XCTAssertEqual(CharacterAccuracy.of("doe,  jane\n1961-04-09", truth: truth), 1)
        XCTAssertEqual(CharacterAccuracy.of("DOE. JANE 1961-64-09", truth: truth), 1 - 2.0 / 20, accuracy: 1e-12)
        XCTAssertEqual(CharacterAccuracy.of("", truth: truth), 0)
        XCTAssertEqual(CharacterAccuracy.of(String(repeating: "#", count: 60), truth: truth), 0, "floored at 0")
    }

    func testTheEngineReadsBlockLettersWhenInstalled() throws {
        guard let engine = TextRecognizer.installed() else { throw XCTSkip("tesseract is not installed (make deps installs it)") }
        XCTAssertTrue(engine.version.lowercased().contains("tesseract"), engine.version)
        // "HI" in 5×7 block letters, white on black, 3 pixels per dot.
        let glyphs = ["H...H  HHHHH", "H...H    H  ", "H...H    H  ", "HHHHH    H  ", "H...H    H  ", "H...H    H  ", "H...H  HHHHH"]
        let dot = 3, (width, height) = (glyphs[0].count * dot + 12, glyphs.count * dot + 12)
        var pixels = [UInt8](repeating: 0, count: width * height)
        for (r, line) in glyphs.enumerated() {
            for (c, ch) in line.enumerated() where ch == "H" {
                for y in 0..<dot { for x in 0..<dot { pixels[(6 + r * dot + y) * width + 6 + c * dot + x] = 255 } }
            }
        }
        XCTAssertEqual(try engine.read(pixels: pixels, width: width, height: height), "HI")
        XCTAssertThrowsError(try engine.read(pixels: [0, 1], width: 3, height: 1)) { error in
            XCTAssertTrue("\(error)".contains("2 pixels for a 3×1 image"), "\(error)")
        }
    }
}
