import Foundation
import XCTest
@testable import Notebook

/// The runner against stand-in chapter executables (shell scripts), so the tests need no Swift build.
final class ChapterRunnerTests: XCTestCase {
    private var root: URL!
    private var bin: URL!
    private var chapter: ChapterInfo!

    override func setUpWithError() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("runner-\(UUID().uuidString)")
        bin = root.appendingPathComponent("bin")
        let directory = root.appendingPathComponent("chapters/00-test")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        // Line 5 is the third code line (anchor 2).
        try "/*:\n# Test\n*/\nlet a = 1\nvalue(\"v\", 1)\n".write(to: directory.appendingPathComponent("main.swift"),
                                                            atomically: true, encoding: .utf8)
        chapter = ChapterInfo(id: "00-test", number: 0, directory: directory)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: root) }

    private func install(_ script: String) throws {
        let url = bin.appendingPathComponent("chapter-00-test")
        try ("#!/bin/sh\n" + script).write(to: url, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
    }

    private static let successScript = """
    # arguments: --budget B --seed S --output DIR
    echo "working on stdout"
    echo "progress on stderr" >&2
    cat > "$6/results.json" <<'JSON'
    {"chapter": "", "key": "", "budget": "smoke", "seed": 0, "finished": "2026-01-01T00:00:00Z", "seconds": 0.1,
     "outputs": [{"location": {"file": "chapter_00_test/main.swift", "line": 5},
                  "output": {"kind": "value", "value": {"name": "v", "number": 1, "unit": ""}}}]}
    JSON
    """

    private func runner() -> ChapterRunner {
        var runner = ChapterRunner(binDirectory: bin, store: ResultStore(root: root.appendingPathComponent("output")))
        runner.echo = { _ in }
        return runner
    }

    func testSuccessfulRunFreezesAnchoredResults() throws {
        try install(Self.successScript)
        let record = runner().run(chapter, key: "key1", budget: .smoke, seed: 0)
        XCTAssertEqual(record.status, .succeeded, record.error ?? "")
        let results = try XCTUnwrap(try runner().store.results(for: "00-test"))
        XCTAssertEqual(results.key, "key1")
        XCTAssertEqual(results.chapter, "00-test")
        XCTAssertEqual(results.outputs.first?.anchor, 1)
        XCTAssertEqual(try runner().store.run(for: "00-test")?.status, .succeeded)
        let tmp = root.appendingPathComponent("output/tmp")
        XCTAssertFalse(FileManager.default.fileExists(atPath: tmp.path), "scratch space is removed")
    }

    func testAThrowingChapterKeepsThePreviousResultsAndRecordsItsError() throws {
        try install(Self.successScript)
        runner().run(chapter, key: "key1", budget: .smoke, seed: 0)
        let before = try Data(contentsOf: runner().store.resultsURL(for: "00-test"))
        try install("""
        echo "some progress"
        echo "chapter_00_test/main.swift:5: Fatal error: Error raised at top level: shape mismatch in batch 3" >&2
        exit 1
        """)
        let record = runner().run(chapter, key: "key2", budget: .smoke, seed: 0)
        XCTAssertEqual(record.status, .failed)
        XCTAssertEqual(record.error, "Error raised at top level: shape mismatch in batch 3 (exit status 1)")
        XCTAssertTrue(record.log?.contains("some progress") ?? false)
        XCTAssertEqual(try Data(contentsOf: runner().store.resultsURL(for: "00-test")), before, "old results untouched")
        XCTAssertEqual(try runner().store.run(for: "00-test")?.key, "key2")
    }

    func testACrashingChapterIsRecordedAsACrash() throws {
        try install("kill -SEGV $$\n")
        let record = runner().run(chapter, key: "k", budget: .smoke, seed: 0)
        XCTAssertEqual(record.status, .failed)
        XCTAssertEqual(record.error, "the chapter stopped without an error message (killed by signal 11)")
        XCTAssertNil(try runner().store.results(for: "00-test"))
    }

    func testAHangingChapterIsStoppedAtTheTimeLimit() throws {
        try install("exec sleep 30\n")
        var runner = runner()
        runner.timeout = 0.5
        let started = Date()
        let record = runner.run(chapter, key: "k", budget: .smoke, seed: 0)
        XCTAssertLessThan(Date().timeIntervalSince(started), 10)
        XCTAssertEqual(record.status, .failed)
        XCTAssertTrue(record.error?.contains("time limit") ?? false, record.error ?? "")
    }

    func testAChapterIgnoringSIGTERMIsKilled() throws {
        try install("trap '' TERM\nexec sleep 30\n")
        var runner = runner()
        runner.timeout = 0.5
        let started = Date()
        let record = runner.run(chapter, key: "k", budget: .smoke, seed: 0)
        XCTAssertLessThan(Date().timeIntervalSince(started), 10, "SIGKILL follows an ignored SIGTERM")
        XCTAssertTrue(record.error?.contains("time limit") ?? false, record.error ?? "")
    }

    func testGarbageResultsAreAFailureNamingTheFile() throws {
        try install("echo 'not json' > \"$6/results.json\"\n")
        let record = runner().run(chapter, key: "k", budget: .smoke, seed: 0)
        XCTAssertEqual(record.status, .failed)
        XCTAssertTrue(record.error?.contains("results.json") ?? false, record.error ?? "")
    }

    func testMissingExecutableExplainsHowToDeclareTheChapter() {
        let record = runner().run(chapter, key: "k", budget: .smoke, seed: 0)
        XCTAssertEqual(record.status, .failed)
        XCTAssertTrue(record.error?.contains("chapter(\"00-test\"") ?? false, record.error ?? "")
    }

    func testOutputTailKeepsTheLastLinesAndTheErrorLine() {
        var tail = OutputTail(maxLines: 2)
        tail.append("one\ntwo\nFatal error: boom\nth")
        tail.append("ree\n")
        XCTAssertEqual(tail.text, "Fatal error: boom\nthree")
        XCTAssertEqual(tail.errorLine, "boom")
    }
}
