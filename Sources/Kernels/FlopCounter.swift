import Foundation

/// A process-wide tally of the floating-point work done by `BLAS.sgemm` (every conv and matmul
/// GEMM goes through it): 2·m·n·k per call, and the thread-seconds spent inside the calls.
/// Off by default, so the hot path pays one branch; `bench` switches it on to report achieved
/// GFLOP/s of whole workloads.
public enum FlopCounter {
    /// A snapshot of the tally.
    public struct Tally: Sendable, Equatable {
        /// Floating-point operations of the GEMMs (2·m·n·k each).
        public var flops: Int = 0
        /// Number of GEMM calls.
        public var calls: Int = 0
        /// Seconds spent inside the GEMMs, summed over threads.
        public var seconds: Double = 0

        public init() {}

        /// The work done between `earlier` and `self`.
        public static func - (later: Tally, earlier: Tally) -> Tally {
            var d = Tally()
            d.flops = later.flops - earlier.flops; d.calls = later.calls - earlier.calls
            d.seconds = later.seconds - earlier.seconds
            return d
        }
    }

    /// Whether GEMMs are counted. Set it before the measured work starts (it is read unguarded).
    nonisolated(unsafe) public static var isEnabled = false

    private static let lock = NSLock()
    nonisolated(unsafe) private static var tally = Tally()

    /// The tally so far.
    public static var current: Tally { lock.withLock { tally } }

    /// Clears the tally.
    public static func reset() { lock.withLock { tally = Tally() } }

    @usableFromInline
    static func record(flops: Int, seconds: Double) {
        lock.withLock {
            tally.flops += flops; tally.calls += 1; tally.seconds += seconds
        }
    }

    /// Monotonic seconds (cheap, vDSO).
    @usableFromInline
    static func clock() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
    }
}
