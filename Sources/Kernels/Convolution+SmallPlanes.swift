/// Convolutions on small output planes (fewer than 256 pixels, e.g. 8×8 and 4×4): a per-image
/// GEMM would have only 16–64 columns, so the images sit side by side as the columns of one GEMM
/// (column n·P + p is pixel p of image n, P = Ho·Wo) and threads split its rows instead.
extension Convolution {
    /// Whether the three kernels use the side-by-side layout for `g`.
    static func usesImagesSideBySide(_ g: ConvGeometry) -> Bool {
        g.outPixels < 256 && g.batch >= 1 && g.patchSize >= 1 && g.outChannels >= 1
    }

    /// Forward: cols [K, N·P] built by channel blocks, then Y [O, N·P] by blocks of output
    /// channels, each block copied out to y[n, o, p].
    static func forwardSideBySide(_ x: UnsafePointer<Float>, _ w: UnsafePointer<Float>, _ g: ConvGeometry,
                                  into y: UnsafeMutablePointer<Float>) {
        let (p, columns) = (g.outPixels, g.batch * g.outPixels)
        let cols = UnsafeMutablePointer<Float>.allocate(capacity: g.patchSize * columns)
        let product = UnsafeMutablePointer<Float>.allocate(capacity: g.outChannels * columns)
        defer { cols.deallocate(); product.deallocate() }
        buildColumns(x, g, into: cols)
        let (wp, cp, pp, yp) = (SendablePointer(w), SendablePointer(cols), SendablePointer(product), SendablePointer(y))
        let parts = Parallel.threadCount
        Parallel.forEachChunk(parts, cost: g.forwardFLOPs) { _, range in
            for part in range {
                let outs = split(g.outChannels, parts, part)
                if outs.isEmpty { continue }
                BLAS.sgemm(transposeA: false, transposeB: false, m: outs.count, n: columns, k: g.patchSize,
                           a: wp[outs.lowerBound * g.patchSize], lda: g.patchSize, b: cp.base, ldb: columns,
                           c: pp[outs.lowerBound * columns], ldc: columns)
                for n in 0..<g.batch {
                    for o in outs {
                        (yp.base + (n * g.outChannels + o) * p).update(from: pp.base + o * columns + n * p, count: p)
                    }
                }
            }
        }
    }

    /// Input gradient: dY gathered to [O, N·P], then per block of input channels the rows of
    /// dcols = Wᵀ·dY and their col2im into each image.
    static func inputGradientSideBySide(_ dy: UnsafePointer<Float>, _ w: UnsafePointer<Float>, _ g: ConvGeometry,
                                        into dx: UnsafeMutablePointer<Float>) {
        let (columns, taps) = (g.batch * g.outPixels, g.kernelHeight * g.kernelWidth)
        let inSize = g.inChannels * g.inPixels
        let gathered = gatherColumns(dy, g)
        let dcols = UnsafeMutablePointer<Float>.allocate(capacity: g.patchSize * columns)
        defer { gathered.deallocate(); dcols.deallocate() }
        let (wp, gp, dp, dxp) = (SendablePointer(w), SendablePointer(gathered), SendablePointer(dcols), SendablePointer(dx))
        let parts = Parallel.threadCount
        Parallel.forEachChunk(parts, cost: g.forwardFLOPs) { _, range in
            for part in range {
                let channels = split(g.inChannels, parts, part)
                if channels.isEmpty { continue }
                let first = channels.lowerBound * taps
                BLAS.sgemm(transposeA: true, transposeB: false, m: channels.count * taps, n: columns, k: g.outChannels,
                           a: wp[first], lda: g.patchSize, b: gp.base, ldb: columns, c: dp[first * columns], ldc: columns)
                for n in 0..<g.batch {
                    Im2col.col2im(dp.base + n * g.outPixels, g, channels: channels, rowStride: columns,
                                  writingInto: dxp[n * inSize])
                }
            }
        }
    }

    /// Weight gradient dW = dY [O, N·P] · colsᵀ, each thread owning a block of input channels
    /// (columns of dW): no partial sums to combine.
    static func weightGradientSideBySide(_ x: UnsafePointer<Float>, _ dy: UnsafePointer<Float>, _ g: ConvGeometry,
                                         into dw: UnsafeMutablePointer<Float>) {
        let (columns, taps) = (g.batch * g.outPixels, g.kernelHeight * g.kernelWidth)
        let inSize = g.inChannels * g.inPixels
        let gathered = gatherColumns(dy, g)
        defer { gathered.deallocate() }
        let (xp, gp, dwp) = (SendablePointer(x), SendablePointer(gathered), SendablePointer(dw))
        let parts = Parallel.threadCount
        Parallel.forEachChunk(parts, cost: g.forwardFLOPs) { _, range in
            for part in range {
                let channels = split(g.inChannels, parts, part)
                if channels.isEmpty { continue }
                let rows = channels.count * taps
                let cols = UnsafeMutablePointer<Float>.allocate(capacity: rows * columns)
                defer { cols.deallocate() }
                for n in 0..<g.batch {
                    Im2col.im2col(xp[n * inSize], g, channels: channels, rows: 0..<g.outHeight, rowStride: columns,
                                  into: cols + n * g.outPixels)
                }
                BLAS.sgemm(transposeA: false, transposeB: true, m: g.outChannels, n: rows, k: columns,
                           a: gp.base, lda: columns, b: cols, ldb: columns,
                           c: dwp[channels.lowerBound * taps], ldc: g.patchSize)
            }
        }
    }

    /// The im2col matrices of all images side by side: [K, N·P], built by blocks of channels.
    private static func buildColumns(_ x: UnsafePointer<Float>, _ g: ConvGeometry, into cols: UnsafeMutablePointer<Float>) {
        let (columns, taps, inSize) = (g.batch * g.outPixels, g.kernelHeight * g.kernelWidth, g.inChannels * g.inPixels)
        let (xp, cp) = (SendablePointer(x), SendablePointer(cols))
        let parts = Parallel.threadCount
        Parallel.forEachChunk(parts, cost: g.patchSize * columns * 4) { _, range in
            for part in range {
                let channels = split(g.inChannels, parts, part)
                if channels.isEmpty { continue }
                for n in 0..<g.batch {
                    Im2col.im2col(xp[n * inSize], g, channels: channels, rows: 0..<g.outHeight, rowStride: columns,
                                  into: cp.base + channels.lowerBound * taps * columns + n * g.outPixels)
                }
            }
        }
    }

    /// dY [N, O, P] rearranged to [O, N·P] (a fresh buffer the caller deallocates).
    private static func gatherColumns(_ dy: UnsafePointer<Float>, _ g: ConvGeometry) -> UnsafeMutablePointer<Float> {
        let (p, columns) = (g.outPixels, g.batch * g.outPixels)
        let out = UnsafeMutablePointer<Float>.allocate(capacity: g.outChannels * columns)
        for n in 0..<g.batch {
            for o in 0..<g.outChannels {
                (out + o * columns + n * p).update(from: dy + (n * g.outChannels + o) * p, count: p)
            }
        }
        return out
    }
}
