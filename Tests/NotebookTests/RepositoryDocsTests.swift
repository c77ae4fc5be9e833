import Foundation
import XCTest

/// The repository explains itself (issue #21): every Markdown document named in Sources/,
/// chapters/, Tests/, tools/, bench/, the Makefile and Package.swift exists in the repository, and a
/// quoted heading or `§`-number after it names a heading of that document. A name resolves
/// against the citing file's directory, then each parent up to the repository root.
final class RepositoryDocsTests: XCTestCase {
    /// The repository root: this file is `<root>/Tests/NotebookTests/RepositoryDocsTests.swift`.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let scanned = ["Sources", "chapters", "Tests", "tools", "bench", "Makefile", "Package.swift"]

    func testEveryCitedDocumentExists() throws {
        let root = Self.root
        XCTAssertTrue(FileManager.default.fileExists(atPath: root.appendingPathComponent("Package.swift").path),
                      "repository root not found at \(root.path)")
        var problems: [String] = []
        var count = 0
        for file in try Self.textFiles(under: Self.scanned.map { root.appendingPathComponent($0) }) {
            let citations = DocCitation.all(in: file.text)
            count += citations.count
            problems += Self.problems(with: citations, in: file.url, root: root)
        }
        XCTAssertGreaterThan(count, 50, "the scan found only \(count) citations: is the root \(root.path) right?")
        XCTAssertTrue(problems.isEmpty, "\(problems.count) broken document citations:\n" + problems.joined(separator: "\n"))
    }

    /// The checker itself must be able to fail: a missing document, a missing heading and a missing
    /// section number are each reported with the citing file and line.
    func testBrokenCitationsAreReported() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("RepositoryDocsTests-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let docs = root.appendingPathComponent("docs"), sources = root.appendingPathComponent("Sources/M")
        try FileManager.default.createDirectory(at: docs, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: sources, withIntermediateDirectories: true)
        let md = ".md"   // built at run time, so this file cites nothing itself
        try "# Notes\n## 3 Awkward points\n### 3.7 Threads\n```\n# not a heading\n```\n"
            .write(to: docs.appendingPathComponent("NOTES\(md)"), atomically: true, encoding: .utf8)
        let source = sources.appendingPathComponent("A.swift")
        let text = """
            /// fine: docs/NOTES\(md) §3.7 and docs/NOTES\(md) ("Awkward points") and ../../docs/NOTES\(md)
            /// missing file: docs/GONE\(md)
            /// missing heading: docs/NOTES\(md) "Missing heading"
            /// missing number: docs/NOTES\(md) §3.8, and a heading inside code: docs/NOTES\(md) "not a heading"
            """
        let problems = Self.problems(with: DocCitation.all(in: text), in: source, root: root)
        guard problems.count == 4 else { return XCTFail("expected 4 problems, got:\n" + problems.joined(separator: "\n")) }
        XCTAssertTrue(problems[0].hasPrefix("Sources/M/A.swift:2: docs/GONE\(md) does not exist"), problems[0])
        XCTAssertTrue(problems[1].hasPrefix("Sources/M/A.swift:3: docs/NOTES\(md) has no heading starting \"Missing heading\""), problems[1])
        XCTAssertTrue(problems[2].hasPrefix("Sources/M/A.swift:4: docs/NOTES\(md) has no heading numbered 3.8"), problems[2])
        XCTAssertTrue(problems[3].hasPrefix("Sources/M/A.swift:4: docs/NOTES\(md) has no heading starting \"not a heading\""), problems[3])
    }

    func testCitationSyntax() {
        let md = ".md"
        let found = DocCitation.all(in: "see docs/PAPER\(md) \"Measuring\nx Fixtures/README\(md), a.md.swift, NATIVE-LIBS\(md) §4.")
        XCTAssertEqual(found, [
            DocCitation(document: "docs/PAPER\(md)", section: .heading("Measuring"), line: 1),
            DocCitation(document: "Fixtures/README\(md)", section: nil, line: 2),
            DocCitation(document: "NATIVE-LIBS\(md)", section: .number("4"), line: 2),
        ])
    }

    // MARK: - Helpers

    /// What is wrong with `citations` made in `file`, as `relative/path:line: problem` lines.
    static func problems(with citations: [DocCitation], in file: URL, root: URL) -> [String] {
        let relativeFile = String(file.standardizedFileURL.path.dropFirst(root.standardizedFileURL.path.count + 1))
        return citations.compactMap { citation in
            let place = "\(relativeFile):\(citation.line): \(citation.document)"
            guard let document = resolve(citation.document, from: file.deletingLastPathComponent(), root: root) else {
                return "\(place) does not exist (looked in \(relativeFile)'s directory and its parents up to the repository root)"
            }
            guard let markdown = try? String(contentsOf: document, encoding: .utf8) else {
                return "\(place) cannot be read as UTF-8"
            }
            if citation.isSatisfied(by: DocCitation.headings(of: markdown)) { return nil }
            switch citation.section {
            case .heading(let text): return "\(place) has no heading starting \"\(text)\""
            case .number(let number): return "\(place) has no heading numbered \(number)"
            case nil: return nil
            }
        }
    }

    /// The cited file, looked up in `directory` and then each parent up to `root`.
    static func resolve(_ name: String, from directory: URL, root: URL) -> URL? {
        let rootPath = root.standardizedFileURL.path
        var current = directory.standardizedFileURL
        while true {
            let candidate = current.appendingPathComponent(name).standardizedFileURL
            var isDirectory: ObjCBool = false
            if candidate.path.hasPrefix(rootPath + "/"),
               FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory), !isDirectory.boolValue {
                return candidate
            }
            if current.path == rootPath || current.path.count <= rootPath.count { return nil }
            current = current.deletingLastPathComponent()
        }
    }

    /// Every UTF-8 text file under `locations` (files or directories); binary files are skipped.
    static func textFiles(under locations: [URL]) throws -> [(url: URL, text: String)] {
        var files: [URL] = []
        for location in locations {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: location.path, isDirectory: &isDirectory) else { continue }
            if !isDirectory.boolValue { files.append(location); continue }
            let enumerator = FileManager.default.enumerator(at: location, includingPropertiesForKeys: [.isRegularFileKey])
            while let url = enumerator?.nextObject() as? URL {
                if try url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile == true { files.append(url) }
            }
        }
        return files.sorted { $0.path < $1.path }.compactMap { url in
            guard let data = try? Data(contentsOf: url), !data.prefix(8192).contains(0),
                  let text = String(data: data, encoding: .utf8) else { return nil }
            return (url, text)
        }
    }
}
