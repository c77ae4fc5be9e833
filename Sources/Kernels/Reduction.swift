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
                var s0: Float = 0, s1: Float = 0, s2: Float = 0, s3: Float = 0
                if sx == 1 {
                    var i = 0
                    while i + 4 <= n { s0 += xs[i]; s1 += xs[i + 1]; s2 += xs[i + 2]; s3 += xs[i + 3]; i += 4 }
                    while i < n { s0 += xs[i]; i += 1 }
                } else {
                    for i in 0..<n { s0 += xs[i * sx] }
                }
                os.pointee += (s0 + s1) + (s2 + s3)
            } else if sx == 1 && so == 1 {
                for i in 0..<n { os[i] += xs[i] }
            } else {
                for i in 0..<n { os[i * so] += xs[i * sx] }
            }
        }
    }

    /// Σᵢ (a[i] − b[i])² over `count` elements, in one pass with no difference tensor. The sum runs
    /// in the order `sum` gives a contiguous run (four interleaved Float accumulators, combined as
    /// (s₀ + s₁) + (s₂ + s₃)), so the value equals the composed `(a − b).squared().sum()` bit for bit
    /// (`ReductionTests`); like that sum it runs on one thread.
    public static func squaredDistance(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count n: Int) -> Float {
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
