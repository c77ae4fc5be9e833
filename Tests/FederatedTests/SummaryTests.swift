import Experiments
import XCTest

/// The median-and-interval strings of the chapters' tables.
final class SummaryTests: XCTestCase {
    func testOneValueHasNoIntervalAndARealMinusSign() {
        XCTAssertEqual(Summary([-0.5], seed: 0).formatted(), "−0.50")
        XCTAssertEqual(Summary([0.25], seed: 0).formatted(3), "0.250")
    }

    func testSeveralValuesShowMedianAndInterval() {
        let text = Summary([-0.3, -0.2, -0.1, 0.1, 0.2], seed: 0).formatted()
        XCTAssertTrue(text.hasPrefix("−0.10 ["), text)
        XCTAssertFalse(text.contains("-"), "ASCII hyphen in \(text)")
    }

    func testNoValuesIsADash() {
        XCTAssertEqual(Summary([], seed: 0).formatted(), "–")
    }
}
