/// The convolution triangle on raw NCHW buffers: forward, gradient w.r.t. the input, gradient
/// w.r.t. the weight, each im2col + GEMM, or Winograd F(2×2, 3×3) for 3×3 stride-1 layers with many
/// channels (`Convolution+Winograd.swift`), or direct kernels for 3×3 stride-1 layers on wide planes
/// (`Convolution+Direct.swift`). Work is split over `Parallel.threadCount` threads with
/// single-threaded BLAS underneath: over images when there are enough of them, otherwise inside
/// each image (over output rows, columns of the GEMM, or input channels), so a batch of one image
/// uses every core too.
public enum Convolution {
    /// `y[n] = W · im2col(x[n])`, y of shape [N, O, Ho, Wo]. `weightsOwner`, when given, keeps `w`
    /// alive and unchanged while it is referenced (`WinogradFilterCache`).
    public static func forward(_ x: UnsafePointer<Float>, _ w: UnsafePointer<Float>, _ g: ConvGeometry,
                               into y: UnsafeMutablePointer<Float>, weightsOwner: AnyObject? = nil) {
        BLAS.configureForAppParallelism()
        if usesWinograd(g) { return forwardWinograd(x, w, g, into: y, weightsOwner: weightsOwner) }
        if usesDirectKernels(g) { return forwardDirect(x, w, g, into: y) }
        if usesImagesSideBySide(g) { return forwardSideBySide(x, w, g, into: y) }
        let (xp, wp, yp) = (SendablePointer(x), SendablePointer(w), SendablePointer(y))
        let inSize = g.inChannels * g.inPixels, outSize = g.outChannels * g.outPixels
        let (blocks, widest) = rowBlocks(g)
        Parallel.forEachChunk(blocks.count, cost: g.forwardFLOPs) { _, range in
            let cols = g.isPointwise ? nil : UnsafeMutablePointer<Float>.allocate(capacity: g.patchSize * widest * g.outWidth)
            defer { cols?.deallocate() }
            for (n, rows) in blocks[range] where !rows.isEmpty {
                let first = rows.lowerBound * g.outWidth, width = rows.count * g.outWidth
                let source: UnsafePointer<Float>, ldb: Int
                if let cols {
                    Im2col.im2col(xp[n * inSize], g, channels: 0..<g.inChannels, rows: rows, into: cols)
                    (source, ldb) = (UnsafePointer(cols), width)
                } else {
                    (source, ldb) = (UnsafePointer(xp[n * inSize + first]), g.outPixels)
                }
                BLAS.sgemm(transposeA: false, transposeB: false, m: g.outChannels, n: width, k: g.patchSize,
                           a: wp.base, lda: g.patchSize, b: source, ldb: ldb, c: yp[n * outSize + first], ldc: g.outPixels)
            }
        }
    }

    /// `dx[n] = col2im(Wᵀ · dy[n])`, the adjoint of `forward` in x (`weightsOwner` as there).
    public static func inputGradient(_ dy: UnsafePointer<Float>, _ w: UnsafePointer<Float>, _ g: ConvGeometry,
                                     into dx: UnsafeMutablePointer<Float>, weightsOwner: AnyObject? = nil) {
        BLAS.configureForAppParallelism()
        if usesWinograd(g) { return inputGradientWinograd(dy, w, g, into: dx, weightsOwner: weightsOwner) }
        if usesDirectKernels(g) { return inputGradientDirect(dy, w, g, into: dx) }
        if usesImagesSideBySide(g) { return inputGradientSideBySide(dy, w, g, into: dx) }
        let (dyp, wp, dxp) = (SendablePointer(dy), SendablePointer(w), SendablePointer(dx))
        let inSize = g.inChannels * g.inPixels, outSize = g.outChannels * g.outPixels
        let chunks = Parallel.chunkCount(g.batch, cost: g.forwardFLOPs)
        if bandsPerImage(g) == 1 || chunks >= Parallel.threadCount {
            Parallel.forEachChunk(g.batch, cost: g.forwardFLOPs) { _, images in
                let cols = g.isPointwise ? nil : UnsafeMutablePointer<Float>.allocate(capacity: g.patchSize * g.outPixels)
                defer { cols?.deallocate() }
                for n in images {
                    let target = cols ?? dxp[n * inSize]
                    BLAS.sgemm(transposeA: true, transposeB: false, m: g.patchSize, n: g.outPixels, k: g.outChannels,
                               a: wp.base, lda: g.patchSize, b: dyp[n * outSize], ldb: g.outPixels, c: target, ldc: g.outPixels)
                    if let cols { Im2col.col2im(cols, g, channels: 0..<g.inChannels, writingInto: dxp[n * inSize]) }
                }
            }
            return
        }
        // Fewer images than threads: per image, the GEMM split by output pixels, then col2im by channels.
        let parts = Parallel.threadCount
        let cols = g.isPointwise ? nil : UnsafeMutablePointer<Float>.allocate(capacity: g.patchSize * g.outPixels)
        defer { cols?.deallocate() }
        let colsp = cols.map(SendablePointer.init)
        for n in 0..<g.batch {
            let target = colsp ?? SendablePointer(dxp[n * inSize])
            Parallel.forEachChunk(parts) { _, range in
                for part in range {
                    let pixels = split(g.outPixels, parts, part)
                    if pixels.isEmpty { continue }
                    BLAS.sgemm(transposeA: true, transposeB: false, m: g.patchSize, n: pixels.count, k: g.outChannels,
                               a: wp.base, lda: g.patchSize, b: dyp[n * outSize + pixels.lowerBound], ldb: g.outPixels,
                               c: target[pixels.lowerBound], ldc: g.outPixels)
                }
            }
            if let colsp {
                Parallel.forEachChunk(parts) { _, range in
                    for part in range {
                        Im2col.col2im(colsp.base, g, channels: split(g.inChannels, parts, part), writingInto: dxp[n * inSize])
                    }
                }
            }
        }
    }

    /// `dW = Σ_n dy[n] · im2col(x[n])ᵀ`, the adjoint of `forward` in W. Computed as its transpose
    /// `Σ_n im2col(x[n]) · dy[n]ᵀ` ([C·kH·kW, O]), which OpenBLAS runs up to 2× faster when O is
    /// small, then transposed.
    public static func weightGradient(_ x: UnsafePointer<Float>, _ dy: UnsafePointer<Float>, _ g: ConvGeometry,
                                      into dw: UnsafeMutablePointer<Float>) {
        BLAS.configureForAppParallelism()
        let (xp, dyp) = (SendablePointer(x), SendablePointer(dy))
        let inSize = g.inChannels * g.inPixels, outSize = g.outChannels * g.outPixels
        let (k, o) = (g.patchSize, g.outChannels)
        let weightCount = o * k
        let taps = g.kernelHeight * g.kernelWidth
        if g.batch == 0 || weightCount == 0 { dw.update(repeating: 0, count: weightCount); return }
        if usesWinograd(g) { return weightGradientWinograd(x, dy, g, into: dw) }
        if usesDirectKernels(g) { return weightGradientDirect(x, dy, g, into: dw) }
        if usesImagesSideBySide(g) { return weightGradientSideBySide(x, dy, g, into: dw) }
        let chunks = Parallel.chunkCount(g.batch, cost: g.forwardFLOPs)
        let byImage = bandsPerImage(g) == 1 || chunks >= Parallel.threadCount
        // One transposed accumulator [K, O] per chunk of images, or one shared by channel blocks.
        let accumulators = byImage ? chunks : 1
        let transposed = UnsafeMutablePointer<Float>.allocate(capacity: accumulators * weightCount)
        defer { transposed.deallocate() }
        let tp = SendablePointer(transposed)
        let parts = byImage ? g.batch : Parallel.threadCount
        Parallel.forEachChunk(parts, cost: byImage ? g.forwardFLOPs : .max) { chunk, range in
            // By image: chunk `chunk` owns images `range` and all channels. By channel block: every
            // image, input channels split(C, parts, part) (rows c·kH·kW ..< of the matrices).
            let blocks: [(images: Range<Int>, channels: Range<Int>)] = byImage
                ? [(range, 0..<g.inChannels)] : range.map { (0..<g.batch, split(g.inChannels, parts, $0)) }
            let widest = blocks.map(\.channels.count).max() ?? 0
            let cols = g.isPointwise ? nil : UnsafeMutablePointer<Float>.allocate(capacity: widest * taps * g.outPixels)
            defer { cols?.deallocate() }
            let acc = tp.base + (byImage ? chunk * weightCount : 0)
            for (images, channels) in blocks where !channels.isEmpty {
                let rows = channels.count * taps, firstRow = channels.lowerBound * taps
                for n in images {
                    let source: UnsafePointer<Float>
                    if let cols {
                        Im2col.im2col(xp[n * inSize], g, channels: channels, rows: 0..<g.outHeight, into: cols)
                        source = UnsafePointer(cols)
                    } else {
                        source = UnsafePointer(xp[n * inSize + firstRow * g.outPixels])
                    }
                    BLAS.sgemm(transposeA: false, transposeB: true, m: rows, n: o, k: g.outPixels,
                               a: source, lda: g.outPixels, b: dyp[n * outSize], ldb: g.outPixels,
                               beta: n == images.lowerBound ? 0 : 1, c: acc + firstRow * o, ldc: o)
                }
            }
        }
        // dw[o, k] = Σ_chunks transposed[chunk][k, o].
        addPartialSums(transposed, count: accumulators, size: weightCount)
        for j in 0..<k {
            let row = transposed + j * o
            for i in 0..<o { dw[i * k + j] = row[i] }
        }
    }

    /// The forward pass's units of work: blocks of (image, output rows), one per image unless there
    /// are fewer images than threads, and the most rows in a block.
    static func rowBlocks(_ g: ConvGeometry) -> (blocks: [(image: Int, rows: Range<Int>)], widest: Int) {
        let bands = bandsPerImage(g)
        let blocks = (0..<(g.batch * bands)).map { b in (image: b / bands, rows: split(g.outHeight, bands, b % bands)) }
        return (blocks, blocks.map(\.rows.count).max() ?? 0)
    }

    /// Adds partial sums 1 ..< `count` (each `size` floats, back to back) into the first, in order,
    /// so the weight gradients do not depend on which thread finished first.
    static func addPartialSums(_ partials: UnsafeMutablePointer<Float>, count: Int, size: Int) {
        for part in 1..<max(count, 1) {
            let partial = partials + part * size
            for i in 0..<size { partials[i] += partial[i] }
        }
    }

    /// How many bands of output rows each image is cut into so that every thread gets work.
    static func bandsPerImage(_ g: ConvGeometry) -> Int {
        let threads = Parallel.threadCount
        guard threads > 1, g.batch < threads, g.forwardFLOPs >= 200_000 else { return 1 }
        return min(g.outHeight, (threads + g.batch - 1) / g.batch)
    }

    /// Part `index` of `count` near-equal contiguous parts of `0..<total`.
    @inline(__always)
    static func split(_ total: Int, _ count: Int, _ index: Int) -> Range<Int> {
        (index * total / count)..<((index + 1) * total / count)
    }
}
