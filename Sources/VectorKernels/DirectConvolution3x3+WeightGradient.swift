extension DirectConvolution3x3 {
    /// Adds one image's weight gradient for a block of input channels to `gradient`:
    /// `dw[o, c, ky, kx] += Σ_{r, q} dy[o, r, q] · x[c, r + ky − 1, q + kx − 1]`, the adjoint of
    /// `forward` in the weights.
    /// - Parameters:
    ///   - padded: every row (`0..<height`) of input channels `firstChannel ..< firstChannel + padded.channels`.
    ///   - outputGradient: the image's `dy`, `[O, height, width]`.
    ///   - gradient: `[O, inChannels, 3, 3]`; only the block's channels are touched.
    /// Each weight's sum runs over eight column lanes (rows, then vectors of columns, in order),
    /// which are added at the end.
    public static func accumulateWeightGradient(_ padded: ZeroPaddedRows, firstChannel: Int, inChannels: Int,
                                                outputGradient dy: UnsafePointer<Float>, outChannels: Int,
                                                height: Int, width: Int, into gradient: UnsafeMutablePointer<Float>) {
        precondition(supports(width: width), "direct 3×3 kernels need a width that is a multiple of 8, got \(width)")
        precondition(padded.rowsPerChannel == height + 2, "the weight gradient needs every row of the image")
        let plane = height * width
        for slot in 0..<padded.channels {
            let c = firstChannel + slot
            for ky in 0..<3 {
                var o = 0
                while o + 3 <= outChannels {
                    let sums = threeChannelsThreeTaps(padded, slot, ky, dy + o * plane, height: height, width: width)
                    for i in 0..<3 {
                        let target = gradient + ((o + i) * inChannels + c) * 9 + ky * 3
                        for kx in 0..<3 { target[kx] += sums[i * 3 + kx] }
                    }
                    o += 3
                }
                while o < outChannels {
                    let sums = oneChannelThreeTaps(padded, slot, ky, dy + o * plane, height: height, width: width)
                    let target = gradient + (o * inChannels + c) * 9 + ky * 3
                    for kx in 0..<3 { target[kx] += sums[kx] }
                    o += 1
                }
            }
        }
    }

    /// The nine sums of three output channels × the three taps of row `ky`, o-major. (Nine
    /// accumulators, three input vectors and one gradient vector fit the 16 AVX2 registers; a
    /// block of four output channels did not and spilled.)
    @inline(__always)
    private static func threeChannelsThreeTaps(_ padded: ZeroPaddedRows, _ slot: Int, _ ky: Int, _ dy: UnsafePointer<Float>,
                                               height: Int, width: Int) -> SIMD16<Float> {
        let plane = height * width
        var a00 = Lanes(), a01 = Lanes(), a02 = Lanes(), a10 = Lanes(), a11 = Lanes(), a12 = Lanes()
        var a20 = Lanes(), a21 = Lanes(), a22 = Lanes()
        for r in 0..<height {
            let row = padded.row(slot, r + ky), d = dy + r * width
            var q = 0
            while q < width {
                let x0 = loadLanes(row + q), x1 = loadLanes(row + q + 1), x2 = loadLanes(row + q + 2)
                let d0 = loadLanes(d + q)
                a00 = a00.addingProduct(d0, x0); a01 = a01.addingProduct(d0, x1); a02 = a02.addingProduct(d0, x2)
                let d1 = loadLanes(d + plane + q)
                a10 = a10.addingProduct(d1, x0); a11 = a11.addingProduct(d1, x1); a12 = a12.addingProduct(d1, x2)
                let d2 = loadLanes(d + 2 * plane + q)
                a20 = a20.addingProduct(d2, x0); a21 = a21.addingProduct(d2, x1); a22 = a22.addingProduct(d2, x2)
                q += 8
            }
        }
        return SIMD16(a00.sum(), a01.sum(), a02.sum(), a10.sum(), a11.sum(), a12.sum(),
                      a20.sum(), a21.sum(), a22.sum(), 0, 0, 0, 0, 0, 0, 0)
    }

    /// The three sums of one output channel × the three taps of row `ky`.
    @inline(__always)
    private static func oneChannelThreeTaps(_ padded: ZeroPaddedRows, _ slot: Int, _ ky: Int, _ dy: UnsafePointer<Float>,
                                            height: Int, width: Int) -> SIMD4<Float> {
        var a0 = Lanes(), a1 = Lanes(), a2 = Lanes()
        for r in 0..<height {
            let row = padded.row(slot, r + ky), d = dy + r * width
            var q = 0
            while q < width {
                let g = loadLanes(d + q)
                a0 = a0.addingProduct(g, loadLanes(row + q))
                a1 = a1.addingProduct(g, loadLanes(row + q + 1))
                a2 = a2.addingProduct(g, loadLanes(row + q + 2))
                q += 8
            }
        }
        return SIMD4(a0.sum(), a1.sum(), a2.sum(), 0)
    }
}
