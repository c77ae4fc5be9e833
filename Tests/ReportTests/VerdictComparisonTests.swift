import Foundation
import Notebook
import XCTest
@testable import Report

/// `report verdicts`: claims matched across result roots, flips (reproduced ↔ not reproduced,
/// pass ↔ fail) told apart from moves to or from inconclusive.
final class VerdictComparisonTests: XCTestCase {
    private func finding(_ statement: String, _ low: Double, _ high: Double, n: Int = 32) -> ClaimOutput {
        ClaimOutput(finding: statement, estimate: Estimate("median RDLV", value: (low + high) / 2, low: low, high: high, n: n,
                                                           unit: "images"), threshold: 0.3, side: .above, evidence: "e")
    }

    private func results(_ chapter: String, _ claims: [ClaimOutput]) -> ChapterResults {
        ChapterResults(chapter: chapter, key: "k", budget: .full, seed: 0, finished: "t", seconds: 1, outputs: claims.enumerated().map {
            RecordedOutput(location: SourceLocation(file: "main.swift", line: $0.offset + 1), output: .claim($0.element))
        })
    }

    func testReproducedToNotReproducedIsAFlip() {
        let comparison = VerdictComparison([
            .init(name: "gemm", results: [results("01-a", [finding("A", 0.5, 0.9), finding("B", 0.5, 0.9)])]),
            .init(name: "direct", results: [results("01-a", [finding("A", -0.2, 0.1), finding("B", 0.5, 0.9)])]),
        ])
        XCTAssertEqual(comparison.rows.map(\.statement), ["A", "B"])
        XCTAssertEqual(comparison.rows.map(\.isFlip), [true, false])
        XCTAssertTrue(comparison.hasFlip)
        XCTAssertEqual(comparison.flips.map(\.statement), ["A"])
        let table = comparison.markdown()
        XCTAssertTrue(table.contains("| Ch. | Claim | Kind | `gemm` | `direct` | Change |"), table)
        XCTAssertTrue(table.contains("| 01 | A | finding | ✓ reproduced: 0.70 [0.50, 0.90], n 32 | ✗ not reproduced: −0.05 [−0.20, 0.10], n 32 | **FLIP** |"),
                      table)
        XCTAssertTrue(table.contains("2 claims under 2 roots: 1 flip"), table)
    }

    func testMovingToOrFromInconclusiveIsNotAFlip() {
        let comparison = VerdictComparison([
            .init(name: "a", results: [results("01-a", [finding("A", 0.5, 0.9), finding("B", -0.5, -0.1), finding("C", 0.5, 0.9)])]),
            .init(name: "b", results: [results("01-a", [finding("A", 0.1, 0.9), finding("B", 0.1, 0.9), finding("C", 0.5, 0.9, n: 4)])]),
        ])
        XCTAssertFalse(comparison.hasFlip)
        XCTAssertEqual(comparison.moves.map(\.statement), ["A", "B", "C"])
        XCTAssertTrue(comparison.markdown().contains("| moved |"))
    }

    func testFlipNeedsBothSignsAcrossAnyOfSeveralRoots() {
        let comparison = VerdictComparison([
            .init(name: "a", results: [results("01-a", [finding("A", 0.5, 0.9)])]),
            .init(name: "b", results: [results("01-a", [finding("A", 0.1, 0.9)])]),
            .init(name: "c", results: [results("01-a", [finding("A", -0.9, 0.1)])]),
        ])
        XCTAssertTrue(comparison.hasFlip, "reproduced under a, not reproduced under c")
        let sandwich = VerdictComparison([
            .init(name: "a", results: [results("01-a", [finding("A", 0.5, 0.9)])]),
            .init(name: "b", results: [results("01-a", [finding("A", -0.9, 0.1)])]),
            .init(name: "c", results: [results("01-a", [finding("A", 0.5, 0.9)])]),
        ])
        XCTAssertTrue(sandwich.hasFlip, "not reproduced under b only")
    }

    func testChecksThatChangeFlipAndAbsentClaimsDoNot() {
        let comparison = VerdictComparison([
            .init(name: "a", results: [results("00-s", [ClaimOutput(statement: "BN", holds: true, evidence: "")]),
                                       results("02-b", [finding("Only here", 0.5, 0.9)])]),
            .init(name: "b", results: [results("00-s", [ClaimOutput(statement: "BN", holds: false, evidence: "")])]),
        ])
        XCTAssertEqual(comparison.rows.map(\.isFlip), [true, false])
        XCTAssertNil(comparison.rows[1].claims[1])
        XCTAssertTrue(comparison.markdown().contains("| 02 | Only here | finding | ✓ reproduced: 0.70 [0.50, 0.90], n 32 | — |  |"))
    }

    func testOldFormatCheckAgainstNewFindingComparesBySign() {
        let comparison = VerdictComparison([
            .init(name: "old", results: [results("01-a", [ClaimOutput(statement: "A", holds: true, evidence: "")])]),
            .init(name: "new", results: [results("01-a", [finding("A", -0.9, 0.1)])]),
        ])
        XCTAssertTrue(comparison.hasFlip)
        XCTAssertEqual(comparison.rows[0].claims.map { $0?.kind }, [.check, .finding])
    }

    func testRepeatedStatementsAreMatchedInOrder() {
        let comparison = VerdictComparison([
            .init(name: "a", results: [results("01-a", [finding("Same", 0.5, 0.9), finding("Same", -0.9, 0.1)])]),
            .init(name: "b", results: [results("01-a", [finding("Same", 0.5, 0.9), finding("Same", -0.9, 0.1)])]),
        ])
        XCTAssertEqual(comparison.rows.count, 2)
        XCTAssertFalse(comparison.hasFlip)
    }

    func testLoadsRootsFromDisk() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("verdicts-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: base) }
        let a = base.appendingPathComponent("a"), b = base.appendingPathComponent("b")
        try ResultStore(root: a).save(results("01-a", [finding("A", 0.5, 0.9)]))
        try ResultStore(root: b).save(results("01-a", [finding("A", -0.9, 0.1)]))
        let comparison = try VerdictComparison.load([a, b], names: ["a", "b"])
        XCTAssertEqual(comparison.rootNames, ["a", "b"])
        XCTAssertTrue(comparison.hasFlip)
        XCTAssertThrowsError(try VerdictComparison.load([a, base.appendingPathComponent("missing")]))
    }

    /// The committed results (claims stored before kinds existed, or after) decode, compare with
    /// themselves without a flip, and weave into a report whose summary lists every claim.
    func testCommittedResultsStillDecodeCompareAndWeave() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let output = root.appendingPathComponent("output")
        guard FileManager.default.fileExists(atPath: output.appendingPathComponent("chapters").path) else {
            throw XCTSkip("no committed results in \(output.path)")
        }
        let comparison = try VerdictComparison.load([output, output])
        XCTAssertGreaterThan(comparison.rows.count, 0)
        XCTAssertFalse(comparison.hasFlip)
        XCTAssertTrue(comparison.moves.isEmpty)

        let store = ResultStore(root: output)
        var inputs: [ChapterInput] = []
        var claims = 0
        for chapter in try ChapterInfo.discover(in: root.appendingPathComponent("chapters")) {
            guard let results = try store.results(for: chapter.id) else { continue }
            claims += results.outputs.filter { if case .claim = $0.output { return true } else { return false } }.count
            inputs.append(ChapterInput(id: chapter.id, number: chapter.number, source: try chapter.readMain(),
                                       currentKey: results.key, results: results))
        }
        let document = Weaver(title: "Committed").weave(inputs)
        XCTAssertEqual(document.findings.count, claims)
        XCTAssertEqual(document.findings.filter { $0.outcome == nil }.count, 0)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("committed-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try HTMLRenderer().write(document, to: directory.appendingPathComponent("report.html"))
        try PDFRenderer().write(document, to: directory.appendingPathComponent("report.pdf"))
        let html = try String(contentsOf: directory.appendingPathComponent("report.html"), encoding: .utf8)
        XCTAssertTrue(html.contains(document.tally.sentence.replacingOccurrences(of: "'", with: "&#39;")))
    }
}
