import Foundation
import XCTest
@testable import Notebook

final class RuntimeTests: XCTestCase {
    func testParsesRunOptions() throws {
        let options = try RunOptions.parse(["--budget", "smoke", "--seed", "7", "--output", "/tmp/x"])
        XCTAssertEqual(options.budget, .smoke)
        XCTAssertEqual(options.seed, 7)
        XCTAssertEqual(options.outputDirectory?.path, "/tmp/x")
        XCTAssertEqual(try RunOptions.parse([]), RunOptions())
    }

    func testRejectsBadRunOptionsWithClearMessages() {
        for (arguments, fragment) in [(["--budget", "huge"], "full, smoke or paper"), (["--seed", "-1"], "non-negative"),
                                      (["--seed"], "needs a value"), (["--verbose"], "unknown argument '--verbose'")] {
            XCTAssertThrowsError(try RunOptions.parse(arguments)) { error in
                XCTAssertTrue("\(error)".contains(fragment), "\(error)")
            }
        }
    }

    func testBudgetChooses() {
        XCTAssertEqual(Budget.full.choose(full: 100, smoke: 2), 100)
        XCTAssertEqual(Budget.smoke.choose(full: 100, smoke: 2), 2)
        XCTAssertEqual(Budget.paper.choose(full: 100, smoke: 2), 100, "without a paper value the full one")
        XCTAssertEqual(Budget.paper.choose(full: 100, smoke: 2, paper: 40_000), 40_000)
        XCTAssertEqual(Budget.full.choose(full: 100, smoke: 2, paper: 40_000), 100)
        XCTAssertEqual(Budget.allCases.map(\.outputFolder), ["output", "output/smoke", "output/paper"])
    }

    func testNumberFormat() {
        XCTAssertEqual(NumberFormat.significant(0), "0")
        XCTAssertEqual(NumberFormat.significant(0.012345), "0.0123")
        XCTAssertEqual(NumberFormat.significant(2.5e-7), "2.5×10⁻⁷")
        XCTAssertEqual(NumberFormat.significant(-1234.4), "−1234", "integer digits are kept")
        XCTAssertEqual(NumberFormat.significant(3.2e9), "3.2×10⁹")
        XCTAssertEqual(NumberFormat.significant(9.9999e-5), "1×10⁻⁴")
        XCTAssertEqual(NumberFormat.significant(.nan), "NaN")
        XCTAssertEqual(NumberFormat.percent(0.1234), "12.3 %")
    }

    func testProgressFormatsDurations() {
        XCTAssertEqual(Progress.duration(12.34), "12.3 s")
        XCTAssertEqual(Progress.duration(125), "2 min 5 s")
        XCTAssertEqual(Progress.duration(7300), "2 h 1 min")
    }
}
