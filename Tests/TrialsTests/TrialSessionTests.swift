import Foundation
import Provenance
import XCTest
@testable import Trials

/// A trial computed in the test process: squares its input, or fails when asked to.
struct SquareTrial: Trial, Hashable {
    static let kind = "square"
    var value: Int
    var fails = false
    var label: String { "square of \(value)" }

    struct Failure: Error, CustomStringConvertible { var description: String }

    func run(in context: TrialContext) throws -> Int {
        SquareTrial.runs.increment()
        if fails { throw Failure(description: "asked to fail") }
        return value * value
    }

    static let runs = Counter()
}

final class Counter: @unchecked Sendable {
    private var count = 0
    private let lock = NSLock()
    func increment() { lock.lock(); count += 1; lock.unlock() }
    var value: Int { lock.lock(); defer { lock.unlock() }; return count }
}

final class TrialSessionTests: XCTestCase {
    private var root: URL!

    override func setUp() {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("trials-\(UUID().uuidString)")
    }

    override func tearDown() { try? FileManager.default.removeItem(at: root) }

    private func session(code: String = "code-1") -> TrialSession {
        TrialSession(cache: TrialCache(root: root), executor: nil, code: code, environment: [:])
    }

    func testKeysFollowTheSpecificationTheCodeAndTheMachine() throws {
        let a = try TrialRequest(SquareTrial(value: 3), code: "c", processEnvironment: [:])
        XCTAssertEqual(a.key, try TrialRequest(SquareTrial(value: 3), code: "c", processEnvironment: [:]).key)
        XCTAssertNotEqual(a.key, try TrialRequest(SquareTrial(value: 4), code: "c", processEnvironment: [:]).key)
        XCTAssertNotEqual(a.key, try TrialRequest(SquareTrial(value: 3), code: "d", processEnvironment: [:]).key)
        XCTAssertEqual(a.key, TrialRequest.key(kind: a.kind, specification: a.specification, code: "c", machine: a.machine))
        XCTAssertNotEqual(a.key, TrialRequest.key(kind: a.kind, specification: a.specification, code: "c", machine: "other/core"))
    }

    func testCachedTrialsDoNotRunAgainAndNewOnesDo() throws {
        let before = SquareTrial.runs.value
        let first = session().run([SquareTrial(value: 2), SquareTrial(value: 3), SquareTrial(value: 2)])
        XCTAssertEqual(first.map { try? $0.get() }, [4, 9, 4])
        XCTAssertEqual(SquareTrial.runs.value - before, 2, "a trial requested twice runs once")
        let again = session()
        XCTAssertEqual(again.run([SquareTrial(value: 3), SquareTrial(value: 5)]).map { try? $0.get() }, [9, 25])
        XCTAssertEqual(SquareTrial.runs.value - before, 3, "only the new trial ran")
        XCTAssertEqual(again.usage.cached, 1)
        XCTAssertEqual(again.usage.ran, 1)
        _ = session(code: "code-2").run([SquareTrial(value: 3)])
        XCTAssertEqual(SquareTrial.runs.value - before, 4, "a code change makes every trial stale")
    }

    func testAFailedTrialIsReportedAndTheOthersAreKept() throws {
        let results = session().run([SquareTrial(value: 2), SquareTrial(value: 7, fails: true), SquareTrial(value: 3)])
        XCTAssertEqual(try results[0].get(), 4)
        XCTAssertEqual(try results[2].get(), 9)
        guard case .failure(let failure) = results[1] else { return XCTFail("the failing trial succeeded") }
        XCTAssertTrue(failure.message.contains("asked to fail"), failure.message)
        let cache = TrialCache(root: root)
        XCTAssertEqual(cache.cachedKeys().count, 2, "the failure is not cached as a result")
        XCTAssertNotNil(cache.failure(key: failure.key), "but recorded as the trial's last failure")
    }

    func testPruneKeepsOnlyTheGivenKeys() throws {
        let session = session()
        _ = session.run([SquareTrial(value: 2), SquareTrial(value: 3)])
        let cache = TrialCache(root: root)
        let keep = try TrialRequest(SquareTrial(value: 3), code: "code-1", processEnvironment: [:]).key
        XCTAssertEqual(cache.prune(keeping: [keep]), 1)
        XCTAssertEqual(cache.cachedKeys().map(\.key), [keep])
    }

    func testACorruptRecordIsRunAgain() throws {
        _ = session().run([SquareTrial(value: 6)])
        let cache = TrialCache(root: root)
        let key = try XCTUnwrap(cache.cachedKeys().first).key
        try Data("{ not json".utf8).write(to: cache.recordURL(kind: SquareTrial.kind, key: key))
        XCTAssertEqual(try session().run([SquareTrial(value: 6)])[0].get(), 36)
        XCTAssertNotNil(try cache.record(Int.self, kind: SquareTrial.kind, key: key))
    }
}
