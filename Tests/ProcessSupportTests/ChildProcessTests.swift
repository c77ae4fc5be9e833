import Foundation
import ProcessSupport
import XCTest

/// Children are waited for from any thread, stopped even when they ignore SIGTERM, and report how they ended.
final class ChildProcessTests: XCTestCase {
    private let shell = URL(fileURLWithPath: "/bin/sh")

    func testExitStatusSignalAndOutput() throws {
        let (output, errors, termination) = try ChildProcess.outputs(of: shell, ["-c", "echo out; echo err >&2; exit 3"])
        XCTAssertEqual(String(decoding: output, as: UTF8.self), "out\n")
        XCTAssertEqual(String(decoding: errors, as: UTF8.self), "err\n")
        XCTAssertEqual(termination, .init(status: 3, bySignal: false))
        XCTAssertEqual("\(termination)", "exit status 3")
        let crashed = try ChildProcess.outputs(of: shell, ["-c", "kill -KILL $$"]).termination
        XCTAssertEqual("\(crashed)", "killed by signal 9")
        XCTAssertFalse(crashed.succeeded)
    }

    /// Many short children waited for at once from worker threads, where `Process.waitUntilExit()` can hang.
    func testWaitingFromManyThreadsAtOnceReturns() throws {
        let finished = DispatchGroup()
        let statuses = StatusList()
        for i in 0..<32 {
            finished.enter()
            Thread.detachNewThread { [shell] in
                let child = ChildProcess(executable: shell, arguments: ["-c", "exit \(i % 4)"])
                if (try? child.run()) != nil { statuses.append(child.wait().status) }
                finished.leave()
            }
        }
        XCTAssertEqual(finished.wait(timeout: .now() + 60), .success, "every wait returned")
        XCTAssertEqual(statuses.sorted, (0..<32).map { Int32($0 % 4) }.sorted())
    }

    func testStopEscalatesToSIGKILLWhenSIGTERMIsIgnored() throws {
        let child = ChildProcess(executable: shell, arguments: ["-c", "trap '' TERM; while :; do sleep 0.05; done"])
        try child.run()
        Thread.sleep(forTimeInterval: 0.2)
        XCTAssertTrue(child.isRunning)
        let started = Date()
        let termination = child.stop(grace: 0.5)
        XCTAssertEqual("\(termination)", "killed by signal 9")
        XCTAssertLessThan(Date().timeIntervalSince(started), 10)
        XCTAssertFalse(child.isRunning)
        XCTAssertNil(ChildProcess(executable: shell, arguments: ["-c", "sleep 5"]).wait(until: Date()), "never started, never ended")
    }

    func testOutputsStopsAChildThatOutlivesItsTimeout() throws {
        let started = Date()
        let (output, _, termination) = try ChildProcess.outputs(of: shell, ["-c", "echo begun; exec sleep 30"], timeout: 0.3)
        XCTAssertEqual("\(termination)", "killed by signal 15")
        XCTAssertEqual(String(decoding: output, as: UTF8.self), "begun\n", "what it wrote before the timeout is kept")
        XCTAssertLessThan(Date().timeIntervalSince(started), 10)
        let quick = try ChildProcess.outputs(of: shell, ["-c", "echo fine"], timeout: 30)
        XCTAssertEqual(quick.termination, .init(status: 0, bySignal: false), "a child that ends in time is left alone")
    }

    func testWaitUntilADeadlineReturnsNilWhileRunning() throws {
        let child = ChildProcess(executable: shell, arguments: ["-c", "exec sleep 5"])
        try child.run()
        XCTAssertNil(child.wait(until: Date().addingTimeInterval(0.1)))
        XCTAssertEqual("\(child.stop())", "killed by signal 15")
    }
}

private final class StatusList: @unchecked Sendable {
    private var values: [Int32] = []
    private let lock = NSLock()
    func append(_ value: Int32) { lock.lock(); values.append(value); lock.unlock() }
    var sorted: [Int32] { lock.lock(); defer { lock.unlock() }; return values.sorted() }
}
