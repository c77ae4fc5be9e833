import Foundation
import Kernels
import XCTest

/// The worker pool behind `Parallel` (spinning, then sleeping workers; nested and concurrent
/// loops). A lost wake-up or a deadlock would hang, so each case runs under a watchdog that
/// fails the test after a generous timeout instead.
final class WorkerPoolTests: XCTestCase {
    /// Runs `body` on another thread and fails if it has not finished within `seconds`.
    private func withWatchdog(_ seconds: Double, _ what: String, _ body: @escaping @Sendable () -> Void) {
        let done = DispatchSemaphore(value: 0)
        Thread { body(); done.signal() }.start()
        if done.wait(timeout: .now() + seconds) == .timedOut {
            XCTFail("\(what) did not finish within \(seconds) s: a lost wake-up or a deadlock in the worker pool")
        }
    }

    func testManyShortLoopsEachVisitEveryIndexOnce() {
        let failures = Counter(), helped = Counter()
        withWatchdog(120, "20,000 short loops") {
            let caller = pthread_self()
            let visits = UnsafeMutablePointer<Int>.allocate(capacity: 64)
            defer { visits.deallocate() }
            let pointer = SendablePointer(visits)
            for round in 0..<20_000 {
                let count = 2 + round % 63
                visits.initialize(repeating: 0, count: count)
                Parallel.forEachChunk(count) { _, range in
                    for i in range { pointer.base[i] += 1 }
                    busyWait(microseconds: 2)  // long enough for a spinning worker to claim a chunk
                    if pthread_equal(pthread_self(), caller) == 0 { helped.add() }
                }
                if (0..<count).contains(where: { visits[$0] != 1 }) { failures.add() }
                // Now and then pause long enough for the workers to go to sleep, so the
                // wake-up path runs as well as the spinning one.
                if round % 500 == 0 { usleep(2_000) }
            }
        }
        XCTAssertEqual(failures.value, 0)
        if Parallel.threadCount > 1 { XCTAssertGreaterThan(helped.value, 0, "no chunk ran on a worker thread") }
    }

    func testNestedLoopsInsideMapTasks() {
        let results = ResultBox()
        withWatchdog(120, "nested loops") {
            var sums: [[Int]] = []
            for _ in 0..<200 {
                sums.append(Parallel.map(3) { task -> Int in
                    let cells = UnsafeMutablePointer<Int>.allocate(capacity: 4 * 250)
                    defer { cells.deallocate() }
                    let pointer = SendablePointer(cells)
                    Parallel.forEach(4) { row in
                        Parallel.forEach(250) { column in pointer.base[row * 250 + column] = (task + 1) * column }
                    }
                    return (0..<1000).reduce(0) { $0 + cells[$1] }
                })
            }
            results.set(sums)
        }
        let expected = (1...3).map { 4 * 31_125 * $0 }
        XCTAssertEqual(results.value.count, 200)
        XCTAssertTrue(results.value.allSatisfy { $0 == expected }, "first mismatch: \(results.value.first { $0 != expected } ?? [])")
    }

    func testLoopsFromSeveralThreadsAtOnce() {
        let failures = Counter()
        withWatchdog(120, "loops posted by four threads at once") {
            DispatchQueue.concurrentPerform(iterations: 4) { thread in
                let values = UnsafeMutablePointer<Int>.allocate(capacity: 100)
                defer { values.deallocate() }
                let pointer = SendablePointer(values)
                for round in 0..<2_000 {
                    Parallel.forEach(100) { i in pointer.base[i] = i * thread + round }
                    if (0..<100).contains(where: { values[$0] != $0 * thread + round }) { failures.add() }
                }
            }
        }
        XCTAssertEqual(failures.value, 0)
    }
}

/// Spins for about `microseconds` (a chunk with some work in it).
private func busyWait(microseconds: Int) {
    let end = DispatchTime.now().uptimeNanoseconds + UInt64(microseconds) * 1000
    while DispatchTime.now().uptimeNanoseconds < end {}
}

/// A thread-safe counter for the watchdog closures.
private final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func add() { lock.withLock { count += 1 } }
    var value: Int { lock.withLock { count } }
}

/// A thread-safe slot for a result computed under the watchdog.
private final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [[Int]] = []
    func set(_ value: [[Int]]) { lock.withLock { stored = value } }
    var value: [[Int]] { lock.withLock { stored } }
}
