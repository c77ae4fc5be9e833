import Foundation
import XCTest
@testable import Report

/// The trial time `report status` and the title page show: the sum of the records' seconds.
final class TrialTimeTests: XCTestCase {
    func testMinutesSumTheRecordedSecondsAndSkipUnreadableRecords() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("trial-time-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        func record(_ name: String, _ text: String) throws -> URL {
            let url = directory.appendingPathComponent(name)
            try text.write(to: url, atomically: true, encoding: .utf8)
            return url
        }
        let records = [try record("a.json", #"{"key": "a", "seconds": 30}"#),
                       try record("b.json", #"{"key": "b", "seconds": 90, "label": "x"}"#),
                       try record("broken.json", "{not json"),
                       directory.appendingPathComponent("missing.json")]
        XCTAssertEqual(TrialTime.minutes(of: records), 2, accuracy: 1e-12)
        XCTAssertEqual(TrialTime.minutes(of: []), 0)
    }
}
