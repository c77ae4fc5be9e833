/// Binary elementwise operations with NumPy broadcasting.
public enum BinaryKind: Sendable {
    case add, subtract, multiply, divide
    /// `a · (b > 0 ? 1 : 0)` (ReLU's derivative applied to `a`, with the mask taken from `b`; a
    /// product, not a select, so NaN and ∞ in `a` propagate exactly as in `a · step(b)`).
    case maskPositive
}

/// Unary elementwise maps.
public enum UnaryKind: Sendable, Equatable {
    case negate, exp, log, relu, step, sign, abs
    case power(Float), addScalar(Float), multiplyScalar(Float)
}

public enum Elementwise {
    /// `out = a ∘ b` where `out` has shape `outShape` and `a`, `b` are read with broadcast strides.
    public static func binary(
        _ kind: BinaryKind,
        _ a: UnsafePointer<Float>, strides sa: [Int],
        _ b: UnsafePointer<Float>, strides sb: [Int],
        into out: UnsafeMutablePointer<Float>, shape: [Int]
    ) {
        let count = Shapes.count(shape)
        if count == 0 { return }
        let loop = StridedLoop(shape: shape, strides: [sa, sb, Shapes.strides(shape)])
        let (a, b, out) = (SendablePointer(a), SendablePointer(b), SendablePointer(out))
        loop.forEachRunConcurrently { offsets, n, inner in
            run(kind, UnsafePointer(a.base) + offsets[0], inner[0], UnsafePointer(b.base) + offsets[1], inner[1],
                out.base + offsets[2], n)
        }
    }

    /// `out[i] = a[i] ∘ b[i]` for contiguous operands of one shape (no broadcasting), split over
    /// threads when long.
    public static func binary(_ kind: BinaryKind, _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>,
                              into out: UnsafeMutablePointer<Float>, count n: Int) {
        forEachChunk(n) { range in
            run(kind, a + range.lowerBound, 1, b + range.lowerBound, 1, out + range.lowerBound, range.count)
        }
    }

    /// Runs `body` over `0..<count` on this thread when the loop is short (`Parallel.minimumElementwiseElements`)
    /// or there is one thread, else over contiguous chunks on every thread.
    @inline(__always)
    static func forEachChunk(_ count: Int, _ body: (Range<Int>) -> Void) {
        if count < Parallel.minimumElementwiseElements || Parallel.threadCount == 1 { return body(0..<count) }
        Parallel.forEachChunk(count) { _, range in body(range) }
    }

    @inline(__always)
    static func run(_ kind: BinaryKind, _ a: UnsafePointer<Float>, _ sa: Int, _ b: UnsafePointer<Float>, _ sb: Int,
                    _ o: UnsafeMutablePointer<Float>, _ n: Int) {
        switch (sa, sb) {
        case (1, 1):
            switch kind {
            // In place (`Tensor.accumulate`): spelled as `+=` so the loop is vectorised; with `o`
            // equal to `a` the general loop fails the compiler's overlap check and runs scalar.
            case .add where UnsafePointer(o) == a: for i in 0..<n { o[i] += b[i] }
            case .add: for i in 0..<n { o[i] = a[i] + b[i] }
            case .subtract: for i in 0..<n { o[i] = a[i] - b[i] }
            case .multiply: for i in 0..<n { o[i] = a[i] * b[i] }
            case .divide: for i in 0..<n { o[i] = a[i] / b[i] }
            case .maskPositive: for i in 0..<n { o[i] = a[i] * (b[i] > 0 ? 1 : 0) }
            }
        case (1, 0):
            let s = b.pointee
            switch kind {
            case .add: for i in 0..<n { o[i] = a[i] + s }
            case .subtract: for i in 0..<n { o[i] = a[i] - s }
            case .multiply: for i in 0..<n { o[i] = a[i] * s }
            case .divide: for i in 0..<n { o[i] = a[i] / s }
            case .maskPositive: let m: Float = s > 0 ? 1 : 0; for i in 0..<n { o[i] = a[i] * m }
            }
        case (0, 1):
            let s = a.pointee
            switch kind {
            case .add: for i in 0..<n { o[i] = s + b[i] }
            case .subtract: for i in 0..<n { o[i] = s - b[i] }
            case .multiply: for i in 0..<n { o[i] = s * b[i] }
            case .divide: for i in 0..<n { o[i] = s / b[i] }
            case .maskPositive: for i in 0..<n { o[i] = s * (b[i] > 0 ? 1 : 0) }
            }
        default:
            switch kind {
            case .add: for i in 0..<n { o[i] = a[i * sa] + b[i * sb] }
            case .subtract: for i in 0..<n { o[i] = a[i * sa] - b[i * sb] }
            case .multiply: for i in 0..<n { o[i] = a[i * sa] * b[i * sb] }
            case .divide: for i in 0..<n { o[i] = a[i * sa] / b[i * sb] }
            case .maskPositive: for i in 0..<n { o[i] = a[i * sa] * (b[i * sb] > 0 ? 1 : 0) }
            }
        }
    }

    /// `out[i] = (a[i] − b[i]) · s` for contiguous buffers of length `count`, split over threads when
    /// long: the gradient of Σ(a − b)² in one pass, equal bit for bit to `binary(.subtract)` then
    /// `binary(.multiply)` by the scalar (each element rounded after the difference, then the product).
    public static func scaledDifference(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, scale s: Float,
                                        into out: UnsafeMutablePointer<Float>, count n: Int) {
        forEachChunk(n) { range in
            for i in range { out[i] = (a[i] - b[i]) * s }
        }
    }

    /// `out[i] = f(x[i])` for the contiguous buffers of length `count`, split over threads when long.
    public static func unary(_ kind: UnaryKind, _ x: UnsafePointer<Float>, into o: UnsafeMutablePointer<Float>, count n: Int) {
        forEachChunk(n) { range in
            unarySerial(kind, x + range.lowerBound, into: o + range.lowerBound, count: range.count)
        }
    }

    @inline(__always)
    static func unarySerial(_ kind: UnaryKind, _ x: UnsafePointer<Float>, into o: UnsafeMutablePointer<Float>, count n: Int) {
        switch kind {
        case .negate: for i in 0..<n { o[i] = -x[i] }
        case .exp: for i in 0..<n { o[i] = expf(x[i]) }
        case .log: for i in 0..<n { o[i] = logf(x[i]) }
        case .relu: for i in 0..<n { o[i] = x[i] > 0 ? x[i] : 0 }
        case .step: for i in 0..<n { o[i] = x[i] > 0 ? 1 : 0 }
        case .sign: for i in 0..<n { o[i] = x[i] > 0 ? 1 : (x[i] < 0 ? -1 : 0) }
        case .abs: for i in 0..<n { o[i] = Swift.abs(x[i]) }
        case .power(let p):
            if p == 2 { for i in 0..<n { o[i] = x[i] * x[i] } }
            else if p == 1 { o.update(from: x, count: n) }
            else if p == 0.5 { for i in 0..<n { o[i] = x[i].squareRoot() } }
            else if p == -1 { for i in 0..<n { o[i] = 1 / x[i] } }
            else if p == -0.5 { for i in 0..<n { o[i] = 1 / x[i].squareRoot() } }
            else { for i in 0..<n { o[i] = powf(x[i], p) } }
        case .addScalar(let s): for i in 0..<n { o[i] = x[i] + s }
        case .multiplyScalar(let s): for i in 0..<n { o[i] = x[i] * s }
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
