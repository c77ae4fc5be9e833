import Foundation
import Notebook
import Plotting
import XCTest
@testable import Report

final class WeaverTests: XCTestCase {
    /// Weaving the sample chapter gives the expected document. Set UPDATE_SNAPSHOTS=1 to rewrite it.
    func testSampleChapterMatchesTheSnapshot() throws {
        let dump = SampleChapter.document().dump()
        let snapshot = SampleChapter.fixtures.appendingPathComponent("sample-chapter.snapshot.txt")
        if ProcessInfo.processInfo.environment["UPDATE_SNAPSHOTS"] == "1" {
            try dump.write(to: snapshot, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOf: snapshot, encoding: .utf8)
        XCTAssertEqual(dump, expected, "document differs from the snapshot:\n\(dump)")
    }

    func testOutputsStayUnderTheirCellWhenOnlyProseChanged() throws {
        let results = SampleChapter.results()
        let edited = SampleChapter.source.replacingOccurrences(of: "- item two", with: "- item two\n- item three\n\nMore prose.\n")
        let document = SampleChapter.document([SampleChapter.input(source: edited, results: results)])
        let blocks = document.chapters[0].blocks
        let figure = try XCTUnwrap(blocks.firstIndex { if case .figure = $0 { return true } else { return false } })
        guard case .code(let code) = blocks[figure - 1] else { return XCTFail("figure should follow its cell") }
        XCTAssertTrue(code.code.hasPrefix("show("))
        XCTAssertNil(document.chapters[0].problem)
    }

    func testFailedChapterShowsItsErrorAndOtherChaptersTheirResults() {
        let failure = RunRecord(chapter: "01-broken", key: "key1", budget: .smoke, seed: 0, status: .failed,
                                error: "exited with status 1: boom", log: "line\nFatal error: boom", finished: "t", seconds: 1)
        let document = SampleChapter.document([
            SampleChapter.input(),
            SampleChapter.input(results: SampleChapter.results(key: "old"), run: failure, key: "key1", id: "01-broken", number: 1),
        ])
        let broken = document.chapters[1]
        XCTAssertEqual(broken.problem, "failed: exited with status 1: boom")
        guard case .notice(let notice) = broken.blocks.first else { return XCTFail("failure notice first") }
        XCTAssertEqual(notice.kind, .failure)
        XCTAssertEqual(notice.details, "line\nFatal error: boom")
        XCTAssertFalse(broken.blocks.contains { if case .claim = $0 { return true } else { return false } },
                       "stale outputs of a failed chapter are not shown")
        XCTAssertTrue(document.chapters[0].blocks.contains { if case .claim = $0 { return true } else { return false } })
        XCTAssertEqual(document.findings.map(\.outcome),
                       [.passed, .failed, .reproduced, .notReproduced, .inconclusive, .met, nil])
        XCTAssertEqual(document.findings.last?.label, "not run")
    }

    func testStaleResultsAreShownWithAWarning() {
        let document = SampleChapter.document([SampleChapter.input(results: SampleChapter.results(key: "old"), key: "new")])
        guard case .notice(let notice) = document.chapters[0].blocks.first else { return XCTFail() }
        XCTAssertEqual(notice.kind, .warning)
        XCTAssertTrue(document.chapters[0].blocks.contains { if case .figure = $0 { return true } else { return false } })
    }

    func testChapterWithoutResultsSaysSo() {
        let document = SampleChapter.document([SampleChapter.input(results: nil)])
        XCTAssertEqual(document.chapters[0].problem, "not run yet")
        XCTAssertTrue(document.dump().contains("[not computed]") || document.dump().contains("answer: not computed"))
    }

    func testValueSubstitution() {
        let values = ["x y": ValueOutput(name: "x y", number: 0.5, unit: "s")]
        XCTAssertEqual(Weaver.substitute(values: values, in: "a {{x\n  y}} b", hasResults: true), "a 0.5 s b")
        XCTAssertEqual(Weaver.substitute(values: values, in: "{{nope}}", hasResults: true), "**[unknown value: nope]**")
        XCTAssertEqual(Weaver.substitute(values: values, in: "{{nope}}", hasResults: false), "[nope: not computed]")
        XCTAssertEqual(Weaver.substitute(values: values, in: "{{unclosed", hasResults: true), "{{unclosed")
    }

    func testNumericColumnsAreRightAligned() {
        let table = Weaver.tableBlock(TableOutput(header: ["name", "n", "mixed"], rows: [["a", "1.5", "3"], ["b", "−2×10⁻³", "x"]]),
                                      caption: [])
        XCTAssertEqual(table.alignments, [.left, .right, .left])
    }
}
