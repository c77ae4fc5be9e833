import XCTest
@testable import Plotting

final class AxisScaleTests: XCTestCase {
    func testNiceSteps() {
        XCTAssertEqual(AxisScale.niceStep(0.7), 1)
        XCTAssertEqual(AxisScale.niceStep(1.3), 2)
        XCTAssertEqual(AxisScale.niceStep(2.2), 2.5)
        XCTAssertEqual(AxisScale.niceStep(3.1), 5)
        XCTAssertEqual(AxisScale.niceStep(0.031), 0.05, accuracy: 1e-12)
        XCTAssertEqual(AxisScale.niceStep(7), 10)
    }

    func testLinearTicksCoverTheRangeWithRoundLabels() {
        let scale = AxisScale(axis: Axis(lower: 0, upper: 1), values: [])
        let ticks = scale.ticks().major
        XCTAssertEqual(ticks.map(\.value), [0, 0.2, 0.4, 0.6, 0.8, 1.0].map { $0 }, accuracy: 1e-12)
        XCTAssertEqual(ticks.map(\.label), ["0", "0.2", "0.4", "0.6", "0.8", "1.0"])
    }

    func testNegativeLabelsUseAMinusSign() {
        let ticks = AxisScale(axis: Axis(lower: -2, upper: 2), values: []).ticks().major
        XCTAssertEqual(ticks.first?.label, "−2")
    }

    func testLogTicksAreDecades() {
        let scale = AxisScale(axis: .log(lower: 1e-6, upper: 1), values: [])
        let major = scale.ticks().major
        XCTAssertEqual(major.first?.label, "10⁻⁶")
        XCTAssertEqual(major.last?.label, "1")
        XCTAssertTrue(major.allSatisfy { ($0.value.isFinite) })
        XCTAssertEqual(scale.fraction(1e-6)!, 0, accuracy: 1e-12)
        XCTAssertEqual(scale.fraction(1)!, 1, accuracy: 1e-12)
        XCTAssertNil(scale.fraction(0))
        XCTAssertNil(scale.fraction(-1))
    }

    func testAutomaticRangeIgnoresNonFiniteValues() {
        let scale = AxisScale(axis: Axis(), values: [1, .nan, 3, .infinity])
        XCTAssertLessThan(scale.lower, 1)
        XCTAssertGreaterThan(scale.upper, 3)
        XCTAssertLessThan(scale.upper, 4)
    }

    func testConstantDataGetsANonEmptyRange() {
        let scale = AxisScale(axis: Axis(), values: [5, 5])
        XCTAssertLessThan(scale.lower, 5)
        XCTAssertGreaterThan(scale.upper, 5)
    }

    func testTinyValuesUseScientificLabels() {
        let ticks = AxisScale(axis: Axis(lower: 0, upper: 4e-5), values: []).ticks().major
        XCTAssertTrue(ticks.dropFirst().allSatisfy { $0.label.contains("×10⁻") || $0.label.hasPrefix("10⁻") }, "\(ticks.map(\.label))")
    }
}

private func XCTAssertEqual(_ a: [Double], _ b: [Double], accuracy: Double, file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(a.count, b.count, file: file, line: line)
    for (x, y) in zip(a, b) { XCTAssertEqual(x, y, accuracy: accuracy, file: file, line: line) }
}
