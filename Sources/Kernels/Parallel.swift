import Dispatch
import Foundation

/// A raw pointer that may cross into `DispatchQueue.concurrentPerform`'s `@Sendable` closure.
/// The caller guarantees that concurrent iterations touch disjoint memory (NATIVE-LIBS.md §3.4).
public struct SendablePointer<Element>: @unchecked Sendable {
    public let base: UnsafeMutablePointer<Element>
    @inlinable public init(_ base: UnsafeMutablePointer<Element>) { self.base = base }
    @inlinable public init(_ base: UnsafePointer<Element>) { self.base = UnsafeMutablePointer(mutating: base) }
    @inlinable public subscript(offset: Int) -> UnsafeMutablePointer<Element> { base + offset }
}

/// One level of parallelism for the whole stack: the app splits work over the batch with
/// single-threaded BLAS underneath (NATIVE-LIBS.md §4: "2×1 Dispatch" is the fastest and most stable).
public enum Parallel {
    /// Number of worker threads used by `forEach`; defaults to the processor count (capped at 8).
    /// Set `GL_THREADS=1` in the environment to run everything on one thread.
    public static let threadCount: Int = {
        if let text = ProcessInfo.processInfo.environment["GL_THREADS"], let n = Int(text), n >= 1 { return n }
        return max(1, min(8, ProcessInfo.processInfo.activeProcessorCount))
    }()

    /// Elementwise and per-channel loops shorter than this run on the calling thread. These loops are
    /// memory-bound and short in the attack workloads; splitting them made every iteration slower
    /// (medians of 5 alternating runs on an idle machine, split from 32,768 elements vs never:
    /// base 41.8 → 30.0 ms, n1b1s64 32.0 → 24.3 ms, n8b4 57.4 → 51.1 ms), so only very long loops
    /// (4M elements) are split. `GL_PARALLEL_ELEMENTS` overrides it (for benchmarking).
    public static let minimumElementwiseElements: Int = {
        if let text = ProcessInfo.processInfo.environment["GL_PARALLEL_ELEMENTS"], let n = Int(text), n >= 1 { return n }
        return 1 << 22
    }()

    /// Runs `body(i)` for `i` in `0..<count`, spread over `threadCount` threads when `count > 1`
    /// and the work is worth it (`cost` is a rough FLOP estimate for the whole loop).
    @inlinable
    public static func forEach(_ count: Int, cost: Int = .max, _ body: (Int) -> Void) {
        forEachChunk(count, cost: cost) { _, range in for i in range { body(i) } }
    }

    /// `[body(0), …, body(count − 1)]` for a few large, independent tasks: task 0 runs on the
    /// calling thread, the others are offered to the global queue. Unlike `forEach` (a
    /// `concurrentPerform`, inside which nested `concurrentPerform`s run serially), the tasks' own
    /// `Parallel` loops stay parallel, so a thread that finishes its task early helps the others.
    /// A task no pool thread has started by the time the caller is free runs on the caller, so a
    /// busy or exhausted pool never blocks it. (`body` is escaping only because the queue may
    /// hold on to it after the call.)
    public static func map<T>(_ count: Int, _ body: @escaping (Int) -> T) -> [T] {
        if count <= 1 || threadCount == 1 { return (0..<count).map(body) }
        let tasks = TaskBoard(count: count, body: body)
        for i in 1..<count {
            DispatchQueue.global().async { tasks.runIfUnclaimed(i, signal: true) }
        }
        tasks.runIfUnclaimed(0, signal: false)
        for i in 1..<count { tasks.runIfUnclaimed(i, signal: false) }
        return tasks.collect()
    }

    /// Number of chunks `forEachChunk` will use for `count` items of total `cost`.
    @inlinable
    public static func chunkCount(_ count: Int, cost: Int = .max) -> Int {
        (count <= 1 || threadCount == 1 || cost < 200_000) ? min(1, count) : min(count, threadCount)
    }

    /// Splits `0..<count` into `chunkCount(count, cost:)` contiguous ranges and runs
    /// `body(chunkIndex, range)` for each, concurrently when there is more than one.
    @inlinable
    public static func forEachChunk(_ count: Int, cost: Int = .max, _ body: (Int, Range<Int>) -> Void) {
        let chunks = chunkCount(count, cost: cost)
        if chunks <= 1 {
            if count > 0 { body(0, 0..<count) }
            return
        }
        withoutActuallyEscaping(body) { body in
            let box = UncheckedBox(body)
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                box.value(chunk, (chunk * count / chunks)..<((chunk + 1) * count / chunks))
            }
        }
    }
}

/// Wraps a non-Sendable value whose concurrent use the caller has made safe.
public struct UncheckedBox<Value>: @unchecked Sendable {
    public let value: Value
    @inlinable public init(_ value: Value) { self.value = value }
}

/// The shared state of one `Parallel.map` call: who runs which task, and the results.
private final class TaskBoard<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var claimedByPool: [DispatchSemaphore?]
    private var claimed: [Bool]
    private var results: [T?]
    private let body: (Int) -> T

    init(count: Int, body: @escaping (Int) -> T) {
        claimed = Array(repeating: false, count: count)
        claimedByPool = Array(repeating: nil, count: count)
        results = Array(repeating: nil, count: count)
        self.body = body
    }

    /// Runs task `i` unless another thread has claimed it. `signal`: the caller is a pool thread,
    /// which the collecting thread must then wait for.
    func runIfUnclaimed(_ i: Int, signal: Bool) {
        let semaphore = signal ? DispatchSemaphore(value: 0) : nil
        let mine: Bool = lock.withLock {
            if claimed[i] { return false }
            claimed[i] = true
            claimedByPool[i] = semaphore
            return true
        }
        guard mine else { return }
        let value = body(i)
        lock.withLock { results[i] = value }
        semaphore?.signal()
    }

    /// Waits for the tasks pool threads are running and returns every result in order.
    func collect() -> [T] {
        for i in claimedByPool.indices { lock.withLock { claimedByPool[i] }?.wait() }
        return lock.withLock { results.map { $0! } }
    }
}
