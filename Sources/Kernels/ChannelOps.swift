/// Per-channel loops over tensors laid out as [outer, channels, inner] (NCHW with outer = N and
/// inner = H·W): the fused kernels behind BatchNorm. Sums run in Float over one contiguous run
/// (eight lanes) and in Double across runs, so long channels keep their precision.
public enum ChannelOps {
    /// `y[n, c, i] = x[n, c, i] · scale[c] + shift[c]`.
    public static func affine(_ x: UnsafePointer<Float>, scale: UnsafePointer<Float>, shift: UnsafePointer<Float>,
                              into y: UnsafeMutablePointer<Float>, outer: Int, channels: Int, inner: Int) {
        let (xs, ys) = (SendablePointer(x), SendablePointer(y))
        let (ss, ts) = (SendablePointer(scale), SendablePointer(shift))
        Parallel.forEachChunk(outer * channels, cost: elementwiseCost(outer * channels * inner)) { _, runs in
            for run in runs {
                let c = run % channels
                let s = ss.base[c], t = ts.base[c]
                let xp = UnsafePointer(xs.base) + run * inner, yp = ys.base + run * inner
                for i in 0..<inner { yp[i] = xp[i] * s + t }
            }
        }
    }

    /// `out[c] = Σ_{n,i} a[n, c, i] · b[n, c, i]`.
    public static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>,
                           outer: Int, channels: Int, inner: Int) {
        perChannel(into: out, outer: outer, channels: channels, inner: inner) { offset, _ in
            dotRun(a + offset, b + offset, inner)
        }
    }

    /// `out[c] = Σ_{n,i} x[n, c, i]`.
    public static func sum(_ x: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>,
                           outer: Int, channels: Int, inner: Int) {
        perChannel(into: out, outer: outer, channels: channels, inner: inner) { offset, _ in sumRun(x + offset, inner) }
    }

    /// `out[c]` = the biased variance of channel c over its `outer · inner` elements (two passes:
    /// the mean, then the mean squared deviation from it).
    public static func variance(_ x: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>,
                                outer: Int, channels: Int, inner: Int) {
        let count = Double(outer * inner)
        sum(x, into: out, outer: outer, channels: channels, inner: inner)
        for c in 0..<channels { out[c] = Float(Double(out[c]) / count) }
        let means = SendablePointer(out)
        perChannel(into: out, outer: outer, channels: channels, inner: inner) { offset, c in
            squaredDeviationRun(x + offset, means.base[c], inner)
        }
        for c in 0..<channels { out[c] = Float(Double(out[c]) / count) }
    }

    /// Runs `run(offset, c)` for every (n, c) run, sums the results per channel in Double and
    /// writes the channel totals to `out` at the end (so `run` may read `out`). Channels are split
    /// over threads when the tensor is large.
    private static func perChannel(into out: UnsafeMutablePointer<Float>, outer: Int, channels: Int, inner: Int,
                                   _ run: (Int, Int) -> Float) {
        let totals = UnsafeMutablePointer<Double>.allocate(capacity: max(channels, 1))
        defer { totals.deallocate() }
        let ts = SendablePointer(totals)
        withoutActuallyEscaping(run) { run in
            let body = UncheckedBox(run)
            Parallel.forEachChunk(channels, cost: elementwiseCost(outer * channels * inner)) { _, range in
                for c in range {
                    var total: Double = 0
                    for n in 0..<outer { total += Double(body.value((n * channels + c) * inner, c)) }
                    ts.base[c] = total
                }
            }
        }
        for c in 0..<channels { out[c] = Float(totals[c]) }
    }

    /// A FLOP-like cost that makes `Parallel` split loops of at least `Parallel.minimumElementwiseElements`
    /// elements (as `Elementwise`).
    @inlinable static func elementwiseCost(_ elements: Int) -> Int { elements >= Parallel.minimumElementwiseElements ? .max : 0 }

    @inline(__always)
    static func dotRun(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ n: Int) -> Float {
        var acc = SIMD8<Float>(), i = 0
        let (ra, rb) = (UnsafeRawPointer(a), UnsafeRawPointer(b))
        while i + 8 <= n {
            acc += ra.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
                * rb.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
            i += 8
        }
        var total = acc.sum()
        while i < n { total += a[i] * b[i]; i += 1 }
        return total
    }

    @inline(__always)
    static func sumRun(_ x: UnsafePointer<Float>, _ n: Int) -> Float {
        var acc = SIMD8<Float>(), i = 0
        let raw = UnsafeRawPointer(x)
        while i + 8 <= n { acc += raw.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self); i += 8 }
        var total = acc.sum()
        while i < n { total += x[i]; i += 1 }
        return total
    }

    @inline(__always)
    static func squaredDeviationRun(_ x: UnsafePointer<Float>, _ mean: Float, _ n: Int) -> Float {
        var acc = SIMD8<Float>(), i = 0
        let raw = UnsafeRawPointer(x), m = SIMD8<Float>(repeating: mean)
        while i + 8 <= n {
            let d = raw.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self) - m
            acc += d * d
            i += 8
        }
        var total = acc.sum()
        while i < n { let d = x[i] - mean; total += d * d; i += 1 }
        return total
    }
}
