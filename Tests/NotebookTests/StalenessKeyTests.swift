import Foundation
import XCTest
@testable import Notebook

final class StalenessKeyTests: XCTestCase {
    private func key(_ text: String, others: [String: String] = [:], fingerprint: String = "f", seed: UInt64 = 0,
                     budget: Budget = .full) -> String {
        StalenessKey.compute(main: ChapterSource(text: text), otherFiles: others, sourcesFingerprint: fingerprint,
                             seed: seed, budget: budget)
    }

    func testChangingProseDoesNotMakeAChapterStale() {
        let base = key(ChapterSourceTests.sample)
        XCTAssertEqual(base, key(ChapterSourceTests.sample.replacingOccurrences(of: "Some *prose*.", with: "Other words.")))
        XCTAssertEqual(base, key(ChapterSourceTests.sample.replacingOccurrences(of: "and another.", with: "and more\n//: lines.")))
        XCTAssertEqual(base, key(ChapterSourceTests.sample.replacingOccurrences(of: "A caption", with: "New caption")),
                       "cell options are presentation")
        XCTAssertEqual(base, key(ChapterSourceTests.sample.replacingOccurrences(of: "let a = 1", with: "let a = 1   ")),
                       "trailing spaces")
        XCTAssertEqual(base, key(ChapterSourceTests.sample.replacingOccurrences(of: "let a = 1", with: "\n\nlet a = 1\n")),
                       "blank lines")
    }

    func testChangingCodeMakesAChapterStale() {
        let base = key(ChapterSourceTests.sample)
        XCTAssertNotEqual(base, key(ChapterSourceTests.sample.replacingOccurrences(of: "let a = 1", with: "let a = 2")))
        XCTAssertNotEqual(base, key(ChapterSourceTests.sample + "\nprint(c)"))
        XCTAssertNotEqual(base, key(ChapterSourceTests.sample.replacingOccurrences(of: "let b = 2", with: "// let b = 2")),
                          "comments inside code are code")
    }

    func testSourcesSeedBudgetAndHelperFilesAreInTheKey() {
        let base = key(ChapterSourceTests.sample)
        XCTAssertNotEqual(base, key(ChapterSourceTests.sample, fingerprint: "g"))
        XCTAssertNotEqual(base, key(ChapterSourceTests.sample, seed: 1))
        XCTAssertNotEqual(base, key(ChapterSourceTests.sample, budget: .smoke))
        XCTAssertNotEqual(base, key(ChapterSourceTests.sample, others: ["Helpers.swift": "func f() {}"]))
        XCTAssertEqual(key(ChapterSourceTests.sample, others: ["Helpers.swift": "func f() {}"]),
                       key(ChapterSourceTests.sample, others: ["Helpers.swift": "func f() {}\n\n"]))
    }

    func testSourceFingerprintIgnoresTheRenderers() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("fingerprint-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        for directory in ["Autodiff", "Report"] {
            try FileManager.default.createDirectory(at: root.appendingPathComponent(directory), withIntermediateDirectories: true)
        }
        try "a".write(to: root.appendingPathComponent("Autodiff/A.swift"), atomically: true, encoding: .utf8)
        try "r".write(to: root.appendingPathComponent("Report/R.swift"), atomically: true, encoding: .utf8)
        let base = try SourceFingerprint.compute(sources: root)
        try "r2".write(to: root.appendingPathComponent("Report/R.swift"), atomically: true, encoding: .utf8)
        XCTAssertEqual(base, try SourceFingerprint.compute(sources: root))
        try "a2".write(to: root.appendingPathComponent("Autodiff/A.swift"), atomically: true, encoding: .utf8)
        XCTAssertNotEqual(base, try SourceFingerprint.compute(sources: root))
        XCTAssertThrowsError(try SourceFingerprint.compute(sources: root.appendingPathComponent("missing")))
    }

    func testSHA256KnownVectors() {
        XCTAssertEqual(SHA256.hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(SHA256.hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(SHA256.hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
                       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        XCTAssertEqual(SHA256.hex(String(repeating: "a", count: 1000)),
                       "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
    }
}
