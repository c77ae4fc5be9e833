import Foundation

/// A raw pointer that may cross into a `Parallel` loop's concurrently run closure.
/// The caller guarantees that concurrent iterations touch disjoint memory (docs/NATIVE-LIBS.md §3.4).
public struct SendablePointer<Element>: @unchecked Sendable {
    public let base: UnsafeMutablePointer<Element>
    @inlinable public init(_ base: UnsafeMutablePointer<Element>) { self.base = base }
    @inlinable public init(_ base: UnsafePointer<Element>) { self.base = UnsafeMutablePointer(mutating: base) }
    @inlinable public subscript(offset: Int) -> UnsafeMutablePointer<Element> { base + offset }
}

/// One level of parallelism for the whole stack: the app splits loops (over images, output rows,
/// channels) with single-threaded BLAS underneath (docs/NATIVE-LIBS.md §4). The loops run on
/// `WorkerPool`, whose idle workers spin briefly before sleeping, so the several hundred short
/// loops of an attack iteration do not each pay for waking a thread.
public enum Parallel {
    /// Number of worker threads used by `forEach`; defaults to the processor count (capped at 8).
    /// Set `GL_THREADS=1` in the environment to run everything on one thread.
    public static let threadCount: Int = {
        if let text = ProcessInfo.processInfo.environment["GL_THREADS"], let n = Int(text), n >= 1 { return n }
        return max(1, min(8, ProcessInfo.processInfo.activeProcessorCount))
    }()

    /// Elementwise and per-channel loops shorter than this run on the calling thread. They are
    /// memory-bound; with the spinning worker pool, splitting them from 16,384 elements pays a
    /// little (medians of 3 alternating runs on a quiet machine, never split vs split from 16,384:
    /// base 23.4 → 22.0 ms, n8b4 43.0 → 39.3 ms, n1b1s64 20.4 → 18.7 ms). With threads woken by
    /// the kernel for every loop it had not (base 30.0 → 41.8 ms when split from 32,768).
    /// `GL_PARALLEL_ELEMENTS` overrides it (for benchmarking).
    public static let minimumElementwiseElements: Int = {
        if let text = ProcessInfo.processInfo.environment["GL_PARALLEL_ELEMENTS"], let n = Int(text), n >= 1 { return n }
        return 1 << 14
    }()

    /// Runs `body(i)` for `i` in `0..<count`, spread over `threadCount` threads when `count > 1`
    /// and the work is worth it (`cost` is a rough FLOP estimate for the whole loop).
    @inlinable
    public static func forEach(_ count: Int, cost: Int = .max, _ body: (Int) -> Void) {
        forEachChunk(count, cost: cost) { _, range in for i in range { body(i) } }
    }

    /// `[body(0), …, body(count − 1)]` for a few large, independent tasks (for example the
    /// independent term groups of an attack objective), run concurrently on the worker pool. The
    /// tasks' own `Parallel` loops stay parallel: a thread that finishes its task early helps
    /// with the loops the others post (`WorkerPool`).
    public static func map<T>(_ count: Int, _ body: (Int) -> T) -> [T] {
        if count <= 1 || threadCount == 1 { return (0..<count).map(body) }
        var results = [T?](repeating: nil, count: count)
        results.withUnsafeMutableBufferPointer { buffer in
            let out = SendablePointer(buffer.baseAddress!)
            WorkerPool.shared.run(count) { i in out[i].pointee = body(i) }
        }
        return results.map { $0! }
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
        WorkerPool.shared.run(chunks) { chunk in
            body(chunk, (chunk * count / chunks)..<((chunk + 1) * count / chunks))
        }
    }
}

/// Wraps a non-Sendable value whose concurrent use the caller has made safe.
public struct UncheckedBox<Value>: @unchecked Sendable {
    public let value: Value
    @inlinable public init(_ value: Value) { self.value = value }
}
