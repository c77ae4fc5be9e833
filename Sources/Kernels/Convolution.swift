/// The convolution triangle on raw NCHW buffers: forward, gradient w.r.t. the input, gradient
/// w.r.t. the weight. Each is im2col + one GEMM per image, with images spread over threads.
public enum Convolution {
    /// `y[n] = W · im2col(x[n])`, y of shape [N, O, Ho, Wo].
    public static func forward(_ x: UnsafePointer<Float>, _ w: UnsafePointer<Float>, _ g: ConvGeometry,
                               into y: UnsafeMutablePointer<Float>) {
        BLAS.configureForAppParallelism()
        let (xp, wp, yp) = (SendablePointer(x), SendablePointer(w), SendablePointer(y))
        let inSize = g.inChannels * g.inPixels, outSize = g.outChannels * g.outPixels
        Parallel.forEachChunk(g.batch, cost: g.forwardFLOPs) { _, images in
            let cols = g.isPointwise ? nil : UnsafeMutablePointer<Float>.allocate(capacity: g.patchSize * g.outPixels)
            defer { cols?.deallocate() }
            for n in images {
                let source: UnsafePointer<Float>
                if let cols { Im2col.im2col(xp[n * inSize], g, into: cols); source = UnsafePointer(cols) }
                else { source = UnsafePointer(xp[n * inSize]) }
                BLAS.sgemm(transposeA: false, transposeB: false, m: g.outChannels, n: g.outPixels, k: g.patchSize,
                           a: wp.base, lda: g.patchSize, b: source, ldb: g.outPixels, c: yp[n * outSize], ldc: g.outPixels)
            }
        }
    }

    /// `dx[n] = col2im(Wᵀ · dy[n])`, the adjoint of `forward` in x.
    public static func inputGradient(_ dy: UnsafePointer<Float>, _ w: UnsafePointer<Float>, _ g: ConvGeometry,
                                     into dx: UnsafeMutablePointer<Float>) {
        BLAS.configureForAppParallelism()
        let (dyp, wp, dxp) = (SendablePointer(dy), SendablePointer(w), SendablePointer(dx))
        let inSize = g.inChannels * g.inPixels, outSize = g.outChannels * g.outPixels
        Parallel.forEachChunk(g.batch, cost: g.forwardFLOPs) { _, images in
            let cols = g.isPointwise ? nil : UnsafeMutablePointer<Float>.allocate(capacity: g.patchSize * g.outPixels)
            defer { cols?.deallocate() }
            for n in images {
                let target = cols ?? dxp[n * inSize]
                BLAS.sgemm(transposeA: true, transposeB: false, m: g.patchSize, n: g.outPixels, k: g.outChannels,
                           a: wp.base, lda: g.patchSize, b: dyp[n * outSize], ldb: g.outPixels, c: target, ldc: g.outPixels)
                if let cols {
                    dxp[n * inSize].update(repeating: 0, count: inSize)
                    Im2col.col2im(cols, g, addingInto: dxp[n * inSize])
                }
            }
        }
    }

    /// `dW = Σ_n dy[n] · im2col(x[n])ᵀ`, the adjoint of `forward` in W.
    public static func weightGradient(_ x: UnsafePointer<Float>, _ dy: UnsafePointer<Float>, _ g: ConvGeometry,
                                      into dw: UnsafeMutablePointer<Float>) {
        BLAS.configureForAppParallelism()
        let (xp, dyp) = (SendablePointer(x), SendablePointer(dy))
        let inSize = g.inChannels * g.inPixels, outSize = g.outChannels * g.outPixels
        let weightCount = g.outChannels * g.patchSize
        let chunks = Parallel.chunkCount(g.batch, cost: g.forwardFLOPs)
        // Chunk 0 accumulates straight into dw; the others into scratch, summed afterwards.
        let scratch = UnsafeMutablePointer<Float>.allocate(capacity: max(0, chunks - 1) * weightCount)
        defer { scratch.deallocate() }
        let accumulators = [SendablePointer(dw)] + (0..<max(0, chunks - 1)).map { SendablePointer(scratch + $0 * weightCount) }
        Parallel.forEachChunk(g.batch, cost: g.forwardFLOPs) { chunk, images in
            let acc = accumulators[chunk].base
            let cols = g.isPointwise ? nil : UnsafeMutablePointer<Float>.allocate(capacity: g.patchSize * g.outPixels)
            defer { cols?.deallocate() }
            var first = true
            for n in images {
                let source: UnsafePointer<Float>
                if let cols { Im2col.im2col(xp[n * inSize], g, into: cols); source = UnsafePointer(cols) }
                else { source = UnsafePointer(xp[n * inSize]) }
                BLAS.sgemm(transposeA: false, transposeB: true, m: g.outChannels, n: g.patchSize, k: g.outPixels,
                           a: dyp[n * outSize], lda: g.outPixels, b: source, ldb: g.outPixels,
                           beta: first ? 0 : 1, c: acc, ldc: g.patchSize)
                first = false
            }
        }
        if g.batch == 0 { dw.update(repeating: 0, count: weightCount) }
        for k in 1..<max(1, chunks) {
            let partial = scratch + (k - 1) * weightCount
            for i in 0..<weightCount { dw[i] += partial[i] }
        }
    }
}
