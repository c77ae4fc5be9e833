import Foundation
import Notebook
import XCTest
@testable import Report

/// The whole pipeline in a scratch package: two chapters whose "executables" are shell scripts,
/// one that works and one that throws.
final class ReportBuilderTests: XCTestCase {
    private var root: URL!

    override func setUpWithError() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("builder-\(UUID().uuidString)")
        try write("Sources/Kernels/K.swift", "let k = 1\n")
        try write("chapters/00-good/main.swift", "/*:\n# Good\n\nProse.\n*/\nlet a = 1\nclaim(\"x\", holds: true, evidence: \"y\")\n")
        try write("chapters/01-bad/main.swift", "/*:\n# Bad\n*/\nlet b = try load()\n")
        try executable("bin/chapter-00-good", """
        #!/bin/sh
        echo run >> "\(root.path)/runs-00"
        cat > "$6/results.json" <<'JSON'
        {"chapter": "", "key": "", "budget": "smoke", "seed": 0, "finished": "2026-01-02T03:04:05Z", "seconds": 0.1,
         "outputs": [{"location": {"file": "chapter_00_good/main.swift", "line": 7},
                      "output": {"kind": "claim", "claim": {"statement": "Good claim.", "holds": true, "evidence": "1 = 1"}}}]}
        JSON
        """)
        try executable("bin/chapter-01-bad", """
        #!/bin/sh
        echo run >> "\(root.path)/runs-01"
        echo "chapter_01_bad/main.swift:4: Fatal error: Error raised at top level: cannot read data.idx" >&2
        exit 1
        """)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: root) }

    private func write(_ path: String, _ text: String) throws {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    private func executable(_ path: String, _ text: String) throws {
        try write(path, text)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: root.appendingPathComponent(path).path)
    }

    private func runs(_ chapter: String) -> Int {
        ((try? String(contentsOf: root.appendingPathComponent("runs-\(chapter)"), encoding: .utf8)) ?? "").split(separator: "\n").count
    }

    private var builder: ReportBuilder {
        var builder = ReportBuilder(root: root, outputRoot: root.appendingPathComponent("output"),
                                    binDirectory: root.appendingPathComponent("bin"), budget: .smoke, seed: 0)
        builder.echo = { _ in }
        return builder
    }

    func testAFailingChapterDoesNotStopTheReport() throws {
        try builder.run()
        try builder.weave()
        let html = try String(contentsOf: root.appendingPathComponent("output/report.html"), encoding: .utf8)
        XCTAssertTrue(html.contains("This chapter failed"))
        XCTAssertTrue(html.contains("Error raised at top level: cannot read data.idx"))
        XCTAssertTrue(html.contains("Good claim."))
        XCTAssertTrue(FileManager.default.fileExists(atPath: root.appendingPathComponent("output/report.pdf").path))
        XCTAssertEqual(try builder.store.results(for: "00-good")?.outputs.count, 1)
        XCTAssertEqual(try builder.store.run(for: "01-bad")?.status, .failed)
    }

    func testOnlyStaleChaptersRerun() throws {
        try builder.run()
        XCTAssertEqual([runs("00"), runs("01")], [1, 1])
        try builder.run()
        XCTAssertEqual([runs("00"), runs("01")], [1, 2], "fresh chapter skipped, failed one retried")

        try write("chapters/00-good/main.swift", "/*:\n# Good\n\nDifferent prose,\nlonger.\n*/\nlet a = 1\nclaim(\"x\", holds: true, evidence: \"y\")\n")
        try builder.run(only: ["00"])
        XCTAssertEqual(runs("00"), 1, "a prose edit keeps the results fresh")

        try write("chapters/00-good/main.swift", "/*:\n# Good\n*/\nlet a = 2\nclaim(\"x\", holds: true, evidence: \"y\")\n")
        try builder.run(only: ["00"])
        XCTAssertEqual(runs("00"), 2, "a code edit reruns the chapter")

        try write("Sources/Kernels/K.swift", "let k = 2\n")
        try builder.run(only: ["00-good"])
        XCTAssertEqual(runs("00"), 3, "a library change reruns the chapter")

        try builder.run(only: ["00"], force: true)
        XCTAssertEqual(runs("00"), 4, "force reruns a fresh chapter")
    }

    func testUnknownChapterSelectionIsAnError() {
        XCTAssertThrowsError(try builder.run(only: ["07"])) { error in
            XCTAssertTrue("\(error)".contains("no chapter '07'"), "\(error)")
        }
    }

    func testStatesReportFreshness() throws {
        XCTAssertEqual(try builder.states().map(\.isFresh), [false, false])
        try builder.run()
        XCTAssertEqual(try builder.states().map(\.isFresh), [true, false])
    }
}
