import FileSupport
import Foundation
import XCTest

final class AtomicFileTests: XCTestCase {
    private var root: URL!

    override func setUpWithError() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("AtomicFileTests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: root)
    }

    func testReplacesTheFileAndLeavesNoTemporaryFile() throws {
        let url = root.appendingPathComponent("a.txt")
        try AtomicFile.write("one", to: url)
        try AtomicFile.write("two", to: url)
        XCTAssertEqual(try String(contentsOf: url, encoding: .utf8), "two")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: root.path), ["a.txt"])
    }

    func testCreatesMissingDirectoriesOnlyWhenAsked() throws {
        let nested = root.appendingPathComponent("x/y/z.bin")
        XCTAssertThrowsError(try AtomicFile.write(Data([1]), to: nested, createDirectories: false)) { error in
            let failure = error as? AtomicFileError
            XCTAssertEqual(failure?.path, nested.path)
            XCTAssertTrue(failure?.problem.contains("does not exist") ?? false, "\(error)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: root.appendingPathComponent("x").path))
        try AtomicFile.write(Data([1, 2]), to: nested)
        XCTAssertEqual(try Data(contentsOf: nested), Data([1, 2]))
    }

    func testAFailingProducerKeepsTheOldFile() throws {
        let url = root.appendingPathComponent("keep.txt")
        try AtomicFile.write("old", to: url)
        struct Failure: Error {}
        XCTAssertThrowsError(try AtomicFile.write(to: url) { temporary in
            try Data("half".utf8).write(to: temporary)
            throw Failure()
        }) { XCTAssertTrue($0 is Failure) }
        XCTAssertEqual(try String(contentsOf: url, encoding: .utf8), "old")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: root.path), ["keep.txt"])
    }

    func testAFailedRenameNamesTheFile() throws {
        // A directory in the destination's place cannot be replaced by a file.
        let blocked = root.appendingPathComponent("blocked")
        try FileManager.default.createDirectory(at: blocked.appendingPathComponent("inside"), withIntermediateDirectories: true)
        XCTAssertThrowsError(try AtomicFile.write("x", to: blocked)) { error in
            XCTAssertEqual((error as? AtomicFileError)?.path, blocked.path, "\(error)")
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: root.path), ["blocked"])
    }
}
