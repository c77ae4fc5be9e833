import XCTest

/// Fails unless `actual` and `expected` agree elementwise within `tolerance · max(1, |expected|)`.
func assertClose(_ actual: [Float], _ expected: [Float], tolerance: Float, _ message: @autoclosure () -> String = "",
                 file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(actual.count, expected.count, "length: \(message())", file: file, line: line)
    for (i, (a, e)) in zip(actual, expected).enumerated() where !(abs(a - e) <= tolerance * max(1, abs(e))) {
        XCTFail("\(message()): element \(i) is \(a), expected \(e)", file: file, line: line)
        return
    }
}
