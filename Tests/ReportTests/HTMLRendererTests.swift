import Foundation
import Notebook
import Plotting
import XCTest
@testable import Report

final class HTMLRendererTests: XCTestCase {
    private let attack = "<script>alert('x')</script>"

    /// A chapter with the attack string in every place text can come from.
    private func hostileDocument() -> Document {
        let source = """
        /*:
        # Title \(attack)

        Prose \(attack) and [a link](javascript:alert(1)).

        ## Heading \(attack)

        | col \(attack) |
        |---|
        | cell \(attack) |
        */
        let s = "\(attack)"
        show(figure)
        """
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
        let line = lines.firstIndex { $0.hasPrefix("show(") }! + 1
        let anchor = ChapterSource(text: source).anchor(forLine: line)
        let figure = Figure.chart(Chart(series: [Series("series \(attack)", y: [1, 2])], x: Axis("x \(attack)")), title: attack)
        func at(_ output: Output) -> RecordedOutput {
            RecordedOutput(location: SourceLocation(file: "m/main.swift", line: line), anchor: anchor, output: output)
        }
        let results = ChapterResults(chapter: "00-x", key: "k", budget: .smoke, seed: 0, finished: "t", seconds: 0, outputs: [
            at(.figure(FigureOutput(figure: figure, caption: "caption \(attack)"))),
            at(.table(TableOutput(header: ["h \(attack)"], rows: [["c \(attack)"]], caption: attack))),
            at(.value(ValueOutput(name: "value \(attack)", number: 1, unit: attack))),
            at(.claim(ClaimOutput(statement: "claim \(attack)", holds: true, evidence: "evidence \(attack)"))),
        ])
        let failure = RunRecord(chapter: "01-y", key: "k", budget: .smoke, seed: 0, status: .failed, error: attack, log: attack,
                                finished: "t", seconds: 0)
        return Weaver(title: "Report \(attack)", subtitle: attack, details: [attack]).weave([
            ChapterInput(id: "00-x", number: 0, source: source, currentKey: "k", results: results),
            ChapterInput(id: "01-y", number: 1, source: "/*:\n# Y\n*/\nlet y = 1\n", currentKey: "k", run: failure),
        ])
    }

    func testEscapesScriptInProseLabelsAndOutputs() {
        let html = HTMLRenderer().html(hostileDocument())
        XCTAssertFalse(html.lowercased().contains("<script"), "unescaped script tag")
        XCTAssertFalse(html.contains("javascript:"), "script URLs are neutralised")
        XCTAssertTrue(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"))
        // Title, prose, heading, table header and cell, caption, value, claim, failure: all present, escaped.
        XCTAssertGreaterThanOrEqual(html.components(separatedBy: "&lt;script&gt;").count - 1, 14)
    }

    func testFigureFilesDoNotCarryScriptEither() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("html-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try HTMLRenderer().write(hostileDocument(), to: directory.appendingPathComponent("report.html"))
        let svg = try String(contentsOf: directory.appendingPathComponent("figures/figure-1.svg"), encoding: .utf8)
        XCTAssertFalse(svg.lowercased().contains("<script"))
    }

    func testPageHasNavigationSummaryAndFigures() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("html-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let figures = directory.appendingPathComponent("figures")
        try FileManager.default.createDirectory(at: figures, withIntermediateDirectories: true)
        try "old".write(to: figures.appendingPathComponent("figure-9.svg"), atomically: true, encoding: .utf8)
        try HTMLRenderer().write(SampleChapter.document(), to: directory.appendingPathComponent("report.html"))
        let html = try String(contentsOf: directory.appendingPathComponent("report.html"), encoding: .utf8)
        XCTAssertTrue(html.contains("<nav class=\"toc\""))
        XCTAssertTrue(html.contains("<a href=\"#summary\">Summary of findings</a>"))
        XCTAssertTrue(html.contains("<a href=\"#ch-00-sample\"><span class=\"number\">0</span> A sample chapter</a>"))
        XCTAssertTrue(html.contains("<img src=\"figures/figure-1.svg\""))
        XCTAssertTrue(html.contains("<span class=\"label\">Figure 1.</span> A line."))
        XCTAssertTrue(html.contains("<span class=\"label\">Table 1.</span> Numbers."))
        XCTAssertTrue(html.contains("See Figure 1 and Table 1."))
        XCTAssertTrue(html.contains("3 findings: 1 reproduced, 1 not reproduced, 1 inconclusive; 1 check passed of 2; "
            + "1 precondition met of 1."))
        XCTAssertTrue(FileManager.default.fileExists(atPath: figures.appendingPathComponent("figure-1.svg").path))
        XCTAssertFalse(FileManager.default.fileExists(atPath: figures.appendingPathComponent("figure-9.svg").path),
                       "figures of an earlier report are removed")
    }

    func testSafeURLs() {
        XCTAssertEqual(HTMLEscaping.safeURL("https://a.org/?q=1&r=2"), "https://a.org/?q=1&amp;r=2")
        XCTAssertEqual(HTMLEscaping.safeURL("#fig-1"), "#fig-1")
        XCTAssertEqual(HTMLEscaping.safeURL("figures/a.svg"), "figures/a.svg")
        XCTAssertEqual(HTMLEscaping.safeURL(" JavaScript:alert(1)"), "#")
        XCTAssertEqual(HTMLEscaping.safeURL("data:text/html,x"), "#")
    }
}
