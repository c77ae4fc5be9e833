import VectorKernels

/// The convolution triangle for 3×3, stride-1, padding-1 layers with planes at least 32 columns
/// wide (a multiple of 8), on the direct kernels of `DirectConvolution3x3` instead of im2col + GEMM.
/// These are resnet-mini's full-resolution layers, whose 16 channels leave the GEMMs bound by
/// memory traffic (README, Performance). The thread split is the GEMM path's: over images, or over
/// bands of output rows (forward, input gradient) or blocks of input (or output) channels (weight
/// gradient) when there are fewer images than threads.
extension Convolution {
    /// Whether eligible layers use the direct kernels: on by default where the CPU runs them
    /// (`VectorUnit`). Tests switch it off to check the im2col + GEMM path on the same layers.
    nonisolated(unsafe) public static var prefersDirectKernels = VectorUnit.directConvolutionByDefault

    /// Whether the three kernels take the direct path for `g`.
    static func usesDirectKernels(_ g: ConvGeometry) -> Bool {
        prefersDirectKernels && g.kernelHeight == 3 && g.kernelWidth == 3 && g.stride == 1 && g.padding == 1
            && g.outWidth >= 32 && DirectConvolution3x3.supports(width: g.outWidth)
            && g.batch >= 1 && g.inChannels >= 1 && g.outChannels >= 1
    }

    /// Forward pass on the direct kernels.
    static func forwardDirect(_ x: UnsafePointer<Float>, _ w: UnsafePointer<Float>, _ g: ConvGeometry,
                              into y: UnsafeMutablePointer<Float>) {
        runDirect(x, w, g, into: y) { rows in
            FlopCounter.Shape(transposeA: false, transposeB: false, m: g.outChannels, n: rows * g.outWidth,
                              k: g.patchSize, isDirect: true)
        }
    }

    /// Input gradient on the direct kernels: with padding 1 and stride 1 it is the forward pass of
    /// `dy` through the transposed, spatially flipped filters `w'[c, o, ky, kx] = w[o, c, 2 − ky, 2 − kx]`.
    static func inputGradientDirect(_ dy: UnsafePointer<Float>, _ w: UnsafePointer<Float>, _ g: ConvGeometry,
                                    into dx: UnsafeMutablePointer<Float>) {
        let (c, o) = (g.inChannels, g.outChannels)
        let flipped = UnsafeMutablePointer<Float>.allocate(capacity: c * o * 9)
        defer { flipped.deallocate() }
        for oc in 0..<o {
            for ic in 0..<c {
                for tap in 0..<9 { flipped[(ic * o + oc) * 9 + tap] = w[(oc * c + ic) * 9 + 8 - tap] }
            }
        }
        let adjoint = ConvGeometry(batch: g.batch, inChannels: o, inHeight: g.outHeight, inWidth: g.outWidth,
                                   outChannels: c, kernelHeight: 3, kernelWidth: 3, stride: 1, padding: 1)
        runDirect(dy, flipped, adjoint, into: dx) { rows in
            FlopCounter.Shape(transposeA: true, transposeB: false, m: g.patchSize, n: rows * g.outWidth,
                              k: o, isDirect: true)
        }
    }

    /// `DirectConvolution3x3.forward` over blocks of (image, output rows), split over threads.
    private static func runDirect(_ x: UnsafePointer<Float>, _ w: UnsafePointer<Float>, _ g: ConvGeometry,
                                  into y: UnsafeMutablePointer<Float>, shape: (_ rows: Int) -> FlopCounter.Shape) {
        let (xp, wp, yp) = (SendablePointer(x), SendablePointer(w), SendablePointer(y))
        let inSize = g.inChannels * g.inPixels, outSize = g.outChannels * g.outPixels
        let (blocks, widest) = rowBlocks(g)
        Parallel.forEachChunk(blocks.count, cost: g.forwardFLOPs) { _, range in
            let storage = UnsafeMutablePointer<Float>.allocate(
                capacity: ZeroPaddedRows.capacity(channels: g.inChannels, rows: widest, width: g.inWidth))
            defer { storage.deallocate() }
            for (n, rows) in blocks[range] where !rows.isEmpty {
                let started = FlopCounter.isEnabled ? FlopCounter.clock() : 0
                let padded = ZeroPaddedRows(image: xp[n * inSize], height: g.inHeight, width: g.inWidth,
                                            channels: 0..<g.inChannels, rows: rows, storage: storage)
                DirectConvolution3x3.forward(padded, weights: wp.base, outChannels: g.outChannels, rows: rows,
                                             height: g.outHeight, width: g.outWidth, into: yp[n * outSize])
                if FlopCounter.isEnabled { FlopCounter.record(shape(rows.count), seconds: FlopCounter.clock() - started) }
            }
        }
    }

    /// Weight gradient on the direct kernels. By image: one partial sum per chunk of images, added
    /// in chunk order. Fewer images than threads: every image, with the input channels (or, when
    /// there are fewer of those than threads, the output channels) split over threads.
    static func weightGradientDirect(_ x: UnsafePointer<Float>, _ dy: UnsafePointer<Float>, _ g: ConvGeometry,
                                     into dw: UnsafeMutablePointer<Float>) {
        let (xp, dyp) = (SendablePointer(x), SendablePointer(dy))
        let inSize = g.inChannels * g.inPixels, outSize = g.outChannels * g.outPixels, plane = g.outPixels
        let weightCount = g.outChannels * g.patchSize
        let chunks = Parallel.chunkCount(g.batch, cost: g.forwardFLOPs)
        let byImage = bandsPerImage(g) == 1 || chunks >= Parallel.threadCount
        let parts = byImage ? chunks : Parallel.threadCount
        let splitsInputs = g.inChannels >= parts
        let partialCount = (byImage ? chunks : 1) * weightCount
        let partials = UnsafeMutablePointer<Float>.allocate(capacity: partialCount)
        defer { partials.deallocate() }
        partials.update(repeating: 0, count: partialCount)
        let pp = SendablePointer(partials)
        Parallel.forEachChunk(byImage ? g.batch : parts, cost: byImage ? g.forwardFLOPs : .max) { chunk, range in
            // (images, input channels, output channels, accumulator) handled by this chunk.
            let work: [(Range<Int>, Range<Int>, Range<Int>, UnsafeMutablePointer<Float>)] = byImage
                ? [(range, 0..<g.inChannels, 0..<g.outChannels, pp.base + chunk * weightCount)]
                : range.map { part in splitsInputs
                    ? (0..<g.batch, split(g.inChannels, parts, part), 0..<g.outChannels, pp.base)
                    : (0..<g.batch, 0..<g.inChannels, split(g.outChannels, parts, part), pp.base) }
            let widest = work.map(\.1.count).max() ?? 0
            let storage = UnsafeMutablePointer<Float>.allocate(
                capacity: ZeroPaddedRows.capacity(channels: widest, rows: g.inHeight, width: g.inWidth))
            defer { storage.deallocate() }
            for (images, inputs, outputs, accumulator) in work where !inputs.isEmpty && !outputs.isEmpty {
                for n in images {
                    let started = FlopCounter.isEnabled ? FlopCounter.clock() : 0
                    let padded = ZeroPaddedRows(image: xp[n * inSize], height: g.inHeight, width: g.inWidth,
                                                channels: inputs, rows: 0..<g.inHeight, storage: storage)
                    DirectConvolution3x3.accumulateWeightGradient(
                        padded, firstChannel: inputs.lowerBound, inChannels: g.inChannels,
                        outputGradient: dyp[n * outSize + outputs.lowerBound * plane], outChannels: outputs.count,
                        height: g.outHeight, width: g.outWidth,
                        into: accumulator + outputs.lowerBound * g.patchSize)
                    if FlopCounter.isEnabled {
                        let shape = FlopCounter.Shape(transposeA: false, transposeB: true, m: inputs.count * 9,
                                                      n: outputs.count, k: plane, isDirect: true)
                        FlopCounter.record(shape, seconds: FlopCounter.clock() - started)
                    }
                }
            }
        }
        addPartialSums(partials, count: byImage ? chunks : 1, size: weightCount)
        dw.update(from: partials, count: weightCount)
    }
}
