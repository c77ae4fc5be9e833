import Foundation
import ProcessSupport
import Notebook
import Plotting
import XCTest
@testable import Report

final class PDFRendererTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("pdf-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: directory) }

    /// Runs a poppler tool, or skips the test when it is not installed.
    private func poppler(_ tool: String, _ arguments: [String]) throws -> String {
        guard let path = ["/usr/bin/\(tool)", "/usr/local/bin/\(tool)"].first(where: FileManager.default.isExecutableFile) else {
            throw XCTSkip("\(tool) (poppler-utils) is not installed")
        }
        return String(decoding: try ChildProcess.outputs(of: URL(fileURLWithPath: path), arguments).standardOutput, as: UTF8.self)
    }

    func testRendersTitleSummaryContentsAndChapter() throws {
        let url = directory.appendingPathComponent("report.pdf")
        try PDFRenderer().write(SampleChapter.document(), to: url, creationDate: "2026-01-01T00:00:00")
        XCTAssertEqual(String(decoding: try Data(contentsOf: url).prefix(5), as: UTF8.self), "%PDF-")
        let text = try poppler("pdftotext", ["-layout", url.path, "-"])
        for expected in ["Sample report", "Summary of findings", "Contents", "A sample chapter", "Section one",
                         "Figure 1. A line.", "Table 1. Numbers.", "CLAIM 1 · CHECK · PASS", "CLAIM 2 · CHECK · FAIL",
                         "CLAIM 3 · FINDING · REPRODUCED", "CLAIM 4 · FINDING · NOT REPRODUCED", "CLAIM 5 · FINDING · INCONCLUSIVE",
                         "CLAIM 6 · PRECONDITION · MET", "fewer than 8 units (n = 3)",
                         "3 findings: 1 reproduced",
                         "See Figure 1 and Table 1.", "The answer is 42 units."] {
            XCTAssertTrue(text.contains(expected), "PDF text lacks '\(expected)':\n\(text)")
        }
        // The contents page gives the chapter's page (title 1, summary 2, contents 3, chapter 4).
        let contentsLine = text.split(separator: "\n").first { line in
            line.contains("A sample chapter") && (line.split(separator: " ").last?.allSatisfy(\.isNumber) ?? false)
        }
        XCTAssertEqual(contentsLine.flatMap { $0.split(separator: " ").last }, "4")
        let info = try poppler("pdfinfo", [url.path])
        XCTAssertTrue(info.contains("Page size:       595.28 x 841.89 pts (A4)"), info)
    }

    func testLongCodeAndTablesFlowOverPages() throws {
        let longCode = (1...180).map { "let value\($0) = \($0) * 2 // a fairly long comment to make the line wrap around somewhere" }
            .joined(separator: "\n")
        let rows = (1...90).map { ["row \($0)", "\($0)"] }
        let source = "/*:\n# Long\n*/\n\(longCode)\ntable([\"a\", \"b\"], rows)\n"
        let line = 4 + 180
        let results = ChapterResults(chapter: "00-long", key: "k", budget: .smoke, seed: 0, finished: "t", seconds: 0, outputs: [
            RecordedOutput(location: SourceLocation(file: "m/main.swift", line: line), anchor: ChapterSource(text: source).anchor(forLine: line),
                           output: .table(TableOutput(header: ["a", "b"], rows: rows))),
        ])
        let document = Weaver(title: "Long").weave([ChapterInput(id: "00-long", number: 0, source: source, currentKey: "k", results: results)])
        let url = directory.appendingPathComponent("long.pdf")
        try PDFRenderer().write(document, to: url)
        let info = try poppler("pdfinfo", [url.path])
        let pages = info.split(separator: "\n").first { $0.hasPrefix("Pages:") }.flatMap { Int($0.split(separator: " ").last!) } ?? 0
        XCTAssertGreaterThanOrEqual(pages, 9, info)
        let text = try poppler("pdftotext", [url.path, "-"])
        XCTAssertTrue(text.contains("let value180"))
        XCTAssertTrue(text.contains("row 90"))
        XCTAssertTrue(text.contains("(continued)"))
    }

    func testSameDocumentAndDateGiveTheSamePDF() throws {
        let a = directory.appendingPathComponent("a.pdf"), b = directory.appendingPathComponent("b.pdf")
        try PDFRenderer().write(SampleChapter.document(), to: a, creationDate: "2026-01-01T00:00:00")
        try PDFRenderer().write(SampleChapter.document(), to: b, creationDate: "2026-01-01T00:00:00")
        XCTAssertEqual(try Data(contentsOf: a), try Data(contentsOf: b))
    }

    func testTableColumnsShrinkToFit() {
        XCTAssertEqual(PDFTableBox.fit([10, 20], into: 100), [10, 20])
        let widths = PDFTableBox.fit([50, 400, 300], into: 400)
        XCTAssertEqual(widths[0], 50)
        XCTAssertEqual(widths.reduce(0, +), 400, accuracy: 1e-9)
        XCTAssertGreaterThan(widths[1], widths[2])
        // Only the flexible column shrinks; the numbers' columns keep their width.
        let flexible = PDFTableBox.fit([50, 400, 90], into: 300, flexible: [1])
        XCTAssertEqual(flexible, [50, 160, 90])
    }
}
