import Foundation

/// A process-wide tally of the floating-point work done by `BLAS.sgemm` (every conv and matmul
/// GEMM goes through it) and by the direct 3×3 convolution kernels, which are implicit GEMMs of
/// the same shapes: 2·m·n·k per call, and the CPU seconds spent inside the calls.
/// Off by default, so the hot path pays one branch; `bench` switches it on to report achieved
/// GFLOP/s of whole workloads.
public enum FlopCounter {
    /// A snapshot of the tally.
    public struct Tally: Sendable, Equatable {
        /// Floating-point operations of the GEMMs (2·m·n·k each).
        public var flops: Int = 0
        /// Number of GEMM calls.
        public var calls: Int = 0
        /// The part of `flops` done by the direct convolution kernels.
        public var directFlops: Int = 0
        /// CPU seconds spent inside the GEMMs, summed over threads (thread CPU time, so a thread
        /// that other processes preempt mid-call is not charged for the wait).
        public var seconds: Double = 0

        public init() {}

        /// The work done between `earlier` and `self`.
        public static func - (later: Tally, earlier: Tally) -> Tally {
            var d = Tally()
            d.flops = later.flops - earlier.flops; d.calls = later.calls - earlier.calls
            d.directFlops = later.directFlops - earlier.directFlops
            d.seconds = later.seconds - earlier.seconds
            return d
        }
    }

    /// One GEMM shape: `op(A)` m×k times `op(B)` k×n. A direct convolution kernel (`isDirect`) is
    /// tallied as the GEMM its im2col + GEMM twin would run.
    public struct Shape: Hashable, Sendable, CustomStringConvertible {
        public let transposeA: Bool, transposeB: Bool
        public let m: Int, n: Int, k: Int
        public let isDirect: Bool
        @inlinable
        public init(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, isDirect: Bool = false) {
            (self.transposeA, self.transposeB, self.m, self.n, self.k) = (transposeA, transposeB, m, n, k)
            self.isDirect = isDirect
        }
        /// "Aᵀ·B 144×2048×16" (m × n × k), prefixed "direct " for the direct kernels.
        public var description: String {
            "\(isDirect ? "direct " : "")\(transposeA ? "Aᵀ" : "A")·\(transposeB ? "Bᵀ" : "B") \(m)×\(n)×\(k)"
        }
    }

    /// Whether GEMMs are counted. Set it before the measured work starts (it is read unguarded).
    nonisolated(unsafe) public static var isEnabled = false
    /// Whether `byShape` is kept too (costs a dictionary update per GEMM; `bench --shapes`).
    nonisolated(unsafe) public static var isTallyingShapes = false

    private static let lock = NSLock()
    nonisolated(unsafe) private static var tally = Tally()
    nonisolated(unsafe) private static var shapes: [Shape: Tally] = [:]

    /// The tally so far.
    public static var current: Tally { lock.withLock { tally } }

    /// The tally per GEMM shape so far (empty unless `isTallyingShapes`).
    public static var byShape: [Shape: Tally] { lock.withLock { shapes } }

    /// Clears the tallies.
    public static func reset() { lock.withLock { tally = Tally(); shapes = [:] } }

    @usableFromInline
    static func record(_ shape: Shape, seconds: Double) {
        let flops = 2 * shape.m * shape.n * shape.k
        lock.withLock {
            tally.flops += flops; tally.calls += 1; tally.seconds += seconds
            if shape.isDirect { tally.directFlops += flops }
            if isTallyingShapes {
                var entry = shapes[shape] ?? Tally()
                entry.flops += flops; entry.calls += 1; entry.seconds += seconds
                shapes[shape] = entry
            }
        }
    }

    /// This thread's CPU seconds.
    @usableFromInline
    static func clock() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
    }
}
