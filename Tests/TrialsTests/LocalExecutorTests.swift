import Foundation
import XCTest
@testable import TrialExecution
import Trials

/// The local executor against a fake worker (a shell script speaking `trial serve`'s protocol):
/// square of 13 crashes its worker, square of 14 hangs, every other trial answers 42.
final class LocalExecutorTests: XCTestCase {
    private var root: URL!
    private var worker: URL!

    override func setUpWithError() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("executor-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        worker = root.appendingPathComponent("fake-trial")
        let script = """
        #!/bin/bash
        # fake `trial serve --cache DIR`
        cache="$3"
        while read -r key; do
          request="$cache/pending/$key.json"
          if grep -q 'square of 13' "$request"; then echo "fake worker: crashing on purpose" >&2; exit 3; fi
          if grep -q 'square of 14' "$request"; then trap 'kill $sleeper; exit 1' TERM; sleep 30 & sleeper=$!; wait $sleeper; fi
          mkdir -p "$cache/square"
          printf '{"key":"%s","kind":"square","label":"fake","outcome":42,"seconds":0,"finished":"now",' "$key" > "$cache/square/.$key.tmp"
          printf '"machine":{"cpuModel":"fake","architecture":"x86_64","convolutionPath":"im2col-gemm","blasCore":"fake","cores":1}}\\n' >> "$cache/square/.$key.tmp"
          mv "$cache/square/.$key.tmp" "$cache/square/$key.json"
          echo "trial-protocol: ok $key"
        done
        """
        try script.write(to: worker, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: worker.path)
    }

    override func tearDown() { try? FileManager.default.removeItem(at: root) }

    private func session(jobs: Int, timeout: Double? = nil) -> TrialSession {
        let cache = TrialCache(root: root.appendingPathComponent("cache"))
        return TrialSession(cache: cache, executor: LocalExecutor(worker: worker, jobs: jobs, threads: 1, timeout: timeout),
                            code: "c", environment: [:])
    }

    func testWorkersComputeTrialsAndACrashFailsOnlyItsTrial() throws {
        let results = session(jobs: 2).run((10..<16).filter { $0 != 14 }.map { SquareTrial(value: $0) })
        let values = results.map { try? $0.get() }
        XCTAssertEqual(values, [42, 42, 42, nil, 42], "the worker's answers, in request order; 13 crashed")
        guard case .failure(let failure) = results[3] else { return XCTFail("the crash was not reported") }
        XCTAssertTrue(failure.message.contains("crashing on purpose"), failure.message)
        XCTAssertTrue(failure.message.contains("exit status 3"), failure.message)
        let cache = TrialCache(root: root.appendingPathComponent("cache"))
        XCTAssertEqual(cache.cachedKeys().count, 4, "no other trial's result was lost")
        XCTAssertNotNil(cache.failure(key: failure.key))
        XCTAssertFalse(FileManager.default.fileExists(atPath: cache.pendingURL(key: try TrialRequest(
            SquareTrial(value: 10), code: "c", processEnvironment: [:]).key).path), "finished requests are withdrawn")
    }

    func testATrialPastItsTimeLimitFails() throws {
        let started = Date()
        let results = session(jobs: 1, timeout: 1).run([SquareTrial(value: 14), SquareTrial(value: 2)])
        XCTAssertLessThan(Date().timeIntervalSince(started), 20, "the hanging worker was stopped")
        guard case .failure(let failure) = results[0] else { return XCTFail("the hanging trial succeeded") }
        XCTAssertTrue(failure.message.contains("time limit"), failure.message)
        XCTAssertEqual(try results[1].get(), 42, "a fresh worker took the next trial")
    }

    func testCachedTrialsNeverReachTheWorker() throws {
        _ = session(jobs: 1).run([SquareTrial(value: 2)])
        try FileManager.default.removeItem(at: worker)
        XCTAssertEqual(try session(jobs: 1).run([SquareTrial(value: 2)])[0].get(), 42)
    }
}
