import FileSupport
import Foundation
import Plotting
import XCTest
@testable import Notebook

final class ResultStoreTests: XCTestCase {
    private var root: URL!

    override func setUpWithError() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("store-\(UUID().uuidString)")
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: root) }

    static func sampleResults(chapter: String = "00-test", key: String = "k") -> ChapterResults {
        let figure = Figure.chart(Chart(series: [Series("s", x: [1, 2], y: [.nan, .infinity])]))
        return ChapterResults(chapter: chapter, key: key, budget: .smoke, seed: 3, finished: "2026-01-01T00:00:00Z", seconds: 1.5,
                              outputs: [RecordedOutput(location: SourceLocation(file: "m/main.swift", line: 4), anchor: 2,
                                                       output: .figure(FigureOutput(figure: figure, caption: "c"))),
                                        RecordedOutput(location: SourceLocation(file: "m/main.swift", line: 5),
                                                       output: .value(ValueOutput(name: "v", number: 2, unit: "s"))),
                                        RecordedOutput(location: SourceLocation(file: "m/main.swift", line: 6),
                                                       output: .claim(ClaimOutput(statement: "x", holds: true, evidence: "y"))),
                                        RecordedOutput(location: SourceLocation(file: "m/Helpers.swift", line: 1),
                                                       output: .table(TableOutput(header: ["a"], rows: [["1"]])))])
    }

    func testResultsRoundTripIncludingNonFiniteNumbers() throws {
        let store = ResultStore(root: root)
        let results = Self.sampleResults()
        try store.save(results)
        let loaded = try XCTUnwrap(try store.results(for: "00-test"))
        XCTAssertEqual(loaded.outputs.count, results.outputs.count)
        XCTAssertEqual(loaded.outputs[1], results.outputs[1])
        guard case .figure(let f) = loaded.outputs[0].output, case .chart(let chart) = f.figure.content else { return XCTFail() }
        XCTAssertTrue(chart.series[0].y[0].isNaN)
        XCTAssertEqual(chart.series[0].y[1], .infinity)
        let text = try String(contentsOf: store.resultsURL(for: "00-test"), encoding: .utf8)
        XCTAssertTrue(text.contains("\"kind\" : \"figure\""), "outputs are stored with a readable kind")
    }

    func testMissingResultsAreNilAndCorruptResultsNameTheFile() throws {
        let store = ResultStore(root: root)
        XCTAssertNil(try store.results(for: "nothing"))
        try FileManager.default.createDirectory(at: store.directory(for: "bad"), withIntermediateDirectories: true)
        try Data("{\"chapter\": 3".utf8).write(to: store.resultsURL(for: "bad"))
        XCTAssertThrowsError(try store.results(for: "bad")) { error in
            XCTAssertTrue("\(error)".contains("bad/results.json"), "\(error)")
        }
    }

    func testWritesAreAtomicAndLeaveNoTemporaryFiles() throws {
        let store = ResultStore(root: root)
        try store.save(Self.sampleResults())
        try store.save(Self.sampleResults(key: "k2"))
        let names = try FileManager.default.contentsOfDirectory(atPath: store.directory(for: "00-test").path)
        XCTAssertEqual(names, ["results.json"])
        XCTAssertEqual(try store.results(for: "00-test")?.key, "k2")
    }

    func testAtomicWriteKeepsTheOldFileWhenProducingFails() throws {
        let url = root.appendingPathComponent("file.txt")
        try AtomicFile.write("old", to: url)
        struct Failure: Error {}
        XCTAssertThrowsError(try AtomicFile.write(to: url) { temporary in
            try "half".write(to: temporary, atomically: false, encoding: .utf8)
            throw Failure()
        })
        XCTAssertEqual(try String(contentsOf: url, encoding: .utf8), "old")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: root.path), ["file.txt"])
    }

    func testDiscoversChapterDirectories() throws {
        let chapters = root.appendingPathComponent("chapters")
        for name in ["01-b", "00-a", "notes", "02-NoCaps", "03-empty"] {
            try FileManager.default.createDirectory(at: chapters.appendingPathComponent(name), withIntermediateDirectories: true)
        }
        for name in ["01-b", "00-a", "notes", "02-NoCaps"] {
            try "".write(to: chapters.appendingPathComponent("\(name)/main.swift"), atomically: true, encoding: .utf8)
        }
        let found = try ChapterInfo.discover(in: chapters)
        XCTAssertEqual(found.map(\.id), ["00-a", "01-b"])
        XCTAssertEqual(found.map(\.number), [0, 1])
        XCTAssertEqual(found[1].executableName, "chapter-01-b")
    }
}
