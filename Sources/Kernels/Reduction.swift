/// Sums over a set of axes (the result keeps reduced axes with extent 1).
public enum Reduction {
    /// `out` (shape `shape` with `axes` set to 1) receives the sums of `x` (shape `shape`) over `axes`.
    public static func sum(_ x: UnsafePointer<Float>, shape: [Int], axes: Set<Int>, into out: UnsafeMutablePointer<Float>) {
        let outShape = shape.indices.map { axes.contains($0) ? 1 : shape[$0] }
        let outCount = Shapes.count(outShape)
        out.update(repeating: 0, count: outCount)
        if Shapes.count(shape) == 0 { return }
        let loop = StridedLoop(shape: shape, strides: [Shapes.strides(shape), Shapes.broadcastStrides(outShape, to: shape)])
        loop.forEachRun { offsets, n, inner in
            let xs = x + offsets[0], os = out + offsets[1]
            let sx = inner[0], so = inner[1]
            if so == 0 {
                if sx == 1 {
                    os.pointee += blockwise(n) { start, count in runSum(xs + start, count) }
                } else {
                    var s0: Float = 0
                    for i in 0..<n { s0 += xs[i * sx] }
                    os.pointee += s0
                }
            } else if sx == 1 && so == 1 {
                for i in 0..<n { os[i] += xs[i] }
            } else {
                for i in 0..<n { os[i * so] += xs[i * sx] }
            }
        }
    }

    /// Σᵢ (a[i] − b[i])² over `count` elements, in one pass with no difference tensor. The sum runs
    /// in the order `sum` gives a contiguous run (`blockwise`), so the value equals the composed
    /// `(a − b).squared().sum()` bit for bit (`ReductionTests`); runs longer than one block have
    /// their blocks summed on several threads (the attacks' update distances over ResNet-18's
    /// 11 million parameters), with the same result on any number of threads.
    public static func squaredDistance(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count n: Int) -> Float {
        if n <= blockLength || Parallel.threadCount == 1 {
            return blockwise(n) { start, count in runSquaredDistance(a + start, b + start, count) }
        }
        let blocks = (n + blockLength - 1) / blockLength
        var partial = [Float](repeating: 0, count: blocks)
        partial.withUnsafeMutableBufferPointer { buffer in
            let (out, ap, bp) = (SendablePointer(buffer.baseAddress!), SendablePointer(a), SendablePointer(b))
            Parallel.forEachChunk(blocks) { _, range in
                for k in range {
                    let start = k * blockLength
                    out[k].pointee = runSquaredDistance(UnsafePointer(ap[start]), UnsafePointer(bp[start]), Swift.min(blockLength, n - start))
                }
            }
        }
        return partial.reduce(0, +)
    }

    /// Contiguous runs are summed in blocks of this many elements, and the block sums added in
    /// order: a fixed association whatever the thread count, so a block may go to any thread.
    public static let blockLength = 1 << 16

    /// Σ over `count` elements as `blockLength` blocks, `block(start, count)` each, added left to right.
    @inline(__always)
    static func blockwise(_ count: Int, _ block: (Int, Int) -> Float) -> Float {
        if count <= blockLength { return block(0, count) }
        var total: Float = 0
        for start in stride(from: 0, to: count, by: blockLength) { total += block(start, Swift.min(blockLength, count - start)) }
        return total
    }

    /// Σ x[i] over one block: four interleaved accumulators, combined as (s₀ + s₁) + (s₂ + s₃).
    @inline(__always)
    static func runSum(_ xs: UnsafePointer<Float>, _ n: Int) -> Float {
        var s0: Float = 0, s1: Float = 0, s2: Float = 0, s3: Float = 0
        var i = 0
        while i + 4 <= n { s0 += xs[i]; s1 += xs[i + 1]; s2 += xs[i + 2]; s3 += xs[i + 3]; i += 4 }
        while i < n { s0 += xs[i]; i += 1 }
        return (s0 + s1) + (s2 + s3)
    }

    /// Σ (a[i] − b[i])² over one block, accumulated as `runSum` accumulates.
    @inline(__always)
    static func runSquaredDistance(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ n: Int) -> Float {
        var s0: Float = 0, s1: Float = 0, s2: Float = 0, s3: Float = 0
        var i = 0
        while i + 4 <= n {
            let d0 = a[i] - b[i], d1 = a[i + 1] - b[i + 1], d2 = a[i + 2] - b[i + 2], d3 = a[i + 3] - b[i + 3]
            s0 += d0 * d0; s1 += d1 * d1; s2 += d2 * d2; s3 += d3 * d3
            i += 4
        }
        while i < n { let d = a[i] - b[i]; s0 += d * d; i += 1 }
        return (s0 + s1) + (s2 + s3)
    }

    /// Largest element of each run over `axes` (used, without gradient, to stabilise log-sum-exp).
    public static func max(_ x: UnsafePointer<Float>, shape: [Int], axes: Set<Int>, into out: UnsafeMutablePointer<Float>) {
        let outShape = shape.indices.map { axes.contains($0) ? 1 : shape[$0] }
        out.update(repeating: -.infinity, count: Shapes.count(outShape))
        if Shapes.count(shape) == 0 { return }
        let loop = StridedLoop(shape: shape, strides: [Shapes.strides(shape), Shapes.broadcastStrides(outShape, to: shape)])
        loop.forEachRun { offsets, n, inner in
            let xs = x + offsets[0], os = out + offsets[1]
            for i in 0..<n { let p = os + i * inner[1]; p.pointee = Swift.max(p.pointee, xs[i * inner[0]]) }
        }
    }
}
