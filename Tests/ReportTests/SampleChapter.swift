import Foundation
import Notebook
import Plotting
import Report

/// The sample chapter fixture with the results a run of it would freeze.
enum SampleChapter {
    /// The fixtures in the source tree (read directly, so an updated snapshot needs no rebuild).
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static var source: String {
        try! String(contentsOf: fixtures.appendingPathComponent("sample-chapter.swift.txt"), encoding: .utf8)
    }

    /// The sample's findings: reproduced (interval above 0.3), not reproduced (above 0.1 where the
    /// paper predicts below), inconclusive (3 units).
    static let leak = Estimate("median RDLV", value: 1.47, low: 0.9, high: 1.8, n: 32, unit: "16 images × 2 seeds")
    static let noise = Estimate("median RDLV", value: 0.25, low: 0.15, high: 0.4, n: 12, unit: "3 draws × 2 seeds × 2 clients")
    static let few = Estimate("median RDLV", value: 0.9, low: 0.5, high: 1.2, n: 3, unit: "images")

    /// Results whose outputs sit on the lines that call value/show/table/claim/finding.
    static func results(for text: String = source, key: String = "key") -> ChapterResults {
        let source = ChapterSource(text: text)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        func line(_ prefix: String, _ occurrence: Int = 0) -> Int {
            lines.indices.filter { lines[$0].hasPrefix(prefix) }[occurrence] + 1
        }
        func recorded(_ line: Int, _ output: Output) -> RecordedOutput {
            RecordedOutput(location: SourceLocation(file: "chapter_00_sample/main.swift", line: line),
                           anchor: source.anchor(forLine: line), output: output)
        }
        let figure = Figure.chart(Chart(series: [Series("s", y: [1, 2, 3])]))
        return ChapterResults(chapter: "00-sample", key: key, budget: .smoke, seed: 0, finished: "2026-01-01T00:00:00Z",
                              seconds: 0.5, outputs: [
                                  recorded(line("value("), .value(ValueOutput(name: "answer", number: 42, unit: "units"))),
                                  recorded(line("show("), .figure(FigureOutput(figure: figure))),
                                  recorded(line("table("), .table(TableOutput(header: ["name", "value"], rows: [["a", "1.5"], ["b", "−2"]],
                                                                              caption: "Numbers."))),
                                  recorded(line("claim(", 0), .claim(ClaimOutput(statement: "Answers are 42.", holds: true, evidence: "answer = 42"))),
                                  recorded(line("claim(", 1), .claim(ClaimOutput(statement: "Hidden code still shows outputs.", holds: false,
                                                                                  evidence: "none"))),
                                  recorded(line("finding(", 0), .claim(ClaimOutput(finding: "Attacks leak.", estimate: leak, threshold: 0.3,
                                                                                    side: .above, evidence: "per-image medians"))),
                                  recorded(line("finding(", 1), .claim(ClaimOutput(finding: "Noise stops them.", estimate: noise,
                                                                                    threshold: 0.1, side: .below, evidence: "per noise draw"))),
                                  recorded(line("finding(", 2), .claim(ClaimOutput(finding: "Three images decide nothing.", estimate: few,
                                                                                    threshold: 0.3, side: .above, evidence: "3 images"))),
                                  recorded(line("claim(", 2), .claim(ClaimOutput(statement: "The federation learns.", kind: .precondition,
                                                                                  holds: true, evidence: "accuracy 0.71"))),
                              ])
    }

    static func input(source text: String = source, results: ChapterResults? = results(), run: RunRecord? = nil,
                      key: String = "key", id: String = "00-sample", number: Int = 0) -> ChapterInput {
        ChapterInput(id: id, number: number, source: text, currentKey: key, results: results, run: run)
    }

    static func document(_ inputs: [ChapterInput] = [input()]) -> Document {
        Weaver(title: "Sample report", subtitle: "for tests", details: ["detail"]).weave(inputs)
    }
}
