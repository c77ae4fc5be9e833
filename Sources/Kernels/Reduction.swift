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
