/// 3×3 convolutions with stride 1 and padding 1 computed straight from the zero-padded image, with
/// no im2col matrix in between: PyTorch's `conv2d(x, w, padding=1)`,
/// `y[o, r, q] = Σ_{c, ky, kx} w[o, c, ky, kx] · x[c, r + ky − 1, q + kx − 1]`.
///
/// With few channels (16 in resnet-mini's first stage) an im2col + GEMM convolution is bound by
/// memory traffic: every element of the 9·C-row im2col matrix feeds only O multiply-adds. Here each
/// loaded input vector feeds four output channels and each broadcast weight three vectors of
/// columns, all in registers, and the few padded input rows a block reads stay in L1. Eight output columns share a vector, so the
/// width must be a multiple of 8. Each output element is one chain of fused multiply-adds over
/// (c, ky, kx) in that order, whatever the thread split.
public enum DirectConvolution3x3 {
    /// Whether the kernels handle an output plane `width` columns wide.
    public static func supports(width: Int) -> Bool { width > 0 && width % 8 == 0 }

    /// Output rows `rows` of every output channel of one image.
    /// - Parameters:
    ///   - padded: rows `rows` of all `C` input channels of the image (`ZeroPaddedRows`).
    ///   - weights: `[O, C, 3, 3]`.
    ///   - output: the image's output `[O, height, width]`; only rows `rows` are written.
    public static func forward(_ padded: ZeroPaddedRows, weights: UnsafePointer<Float>, outChannels: Int,
                               rows: Range<Int>, height: Int, width: Int, into output: UnsafeMutablePointer<Float>) {
        precondition(supports(width: width), "direct 3×3 kernels need a width that is a multiple of 8, got \(width)")
        let vectors = width / 8, plane = height * width, filter = padded.channels * 9
        for (j, r) in rows.enumerated() {
            var o = 0
            while o + 4 <= outChannels {
                let target = output + o * plane + r * width
                var v = 0
                while v + 3 <= vectors {
                    fourByThree(padded, j, column: v * 8, weights + o * filter, target + v * 8, plane: plane)
                    v += 3
                }
                while v < vectors {
                    fourByOne(padded, j, column: v * 8, weights + o * filter, target + v * 8, plane: plane)
                    v += 1
                }
                o += 4
            }
            while o < outChannels {
                let target = output + o * plane + r * width
                for v in 0..<vectors { oneByOne(padded, j, column: v * 8, weights + o * filter, target + v * 8) }
                o += 1
            }
        }
    }

    /// Four output channels × 24 columns: twelve accumulators.
    @inline(__always)
    private static func fourByThree(_ padded: ZeroPaddedRows, _ j: Int, column: Int, _ w: UnsafePointer<Float>,
                                    _ out: UnsafeMutablePointer<Float>, plane: Int) {
        let filter = padded.channels * 9
        var a00 = Lanes(), a01 = Lanes(), a02 = Lanes(), a10 = Lanes(), a11 = Lanes(), a12 = Lanes()
        var a20 = Lanes(), a21 = Lanes(), a22 = Lanes(), a30 = Lanes(), a31 = Lanes(), a32 = Lanes()
        for c in 0..<padded.channels {
            for ky in 0..<3 {
                let row = padded.row(c, j + ky) + column
                let tap = w + c * 9 + ky * 3
                for kx in 0..<3 {
                    let x0 = loadLanes(row + kx), x1 = loadLanes(row + kx + 8), x2 = loadLanes(row + kx + 16)
                    let w0 = broadcast(tap[kx]), w1 = broadcast(tap[filter + kx])
                    let w2 = broadcast(tap[2 * filter + kx]), w3 = broadcast(tap[3 * filter + kx])
                    a00 = a00.addingProduct(x0, w0); a01 = a01.addingProduct(x1, w0); a02 = a02.addingProduct(x2, w0)
                    a10 = a10.addingProduct(x0, w1); a11 = a11.addingProduct(x1, w1); a12 = a12.addingProduct(x2, w1)
                    a20 = a20.addingProduct(x0, w2); a21 = a21.addingProduct(x1, w2); a22 = a22.addingProduct(x2, w2)
                    a30 = a30.addingProduct(x0, w3); a31 = a31.addingProduct(x1, w3); a32 = a32.addingProduct(x2, w3)
                }
            }
        }
        storeLanes(a00, out); storeLanes(a01, out + 8); storeLanes(a02, out + 16)
        storeLanes(a10, out + plane); storeLanes(a11, out + plane + 8); storeLanes(a12, out + plane + 16)
        storeLanes(a20, out + 2 * plane); storeLanes(a21, out + 2 * plane + 8); storeLanes(a22, out + 2 * plane + 16)
        storeLanes(a30, out + 3 * plane); storeLanes(a31, out + 3 * plane + 8); storeLanes(a32, out + 3 * plane + 16)
    }

    /// Four output channels × 8 columns (the columns left over by `fourByThree`).
    @inline(__always)
    private static func fourByOne(_ padded: ZeroPaddedRows, _ j: Int, column: Int, _ w: UnsafePointer<Float>,
                                  _ out: UnsafeMutablePointer<Float>, plane: Int) {
        let filter = padded.channels * 9
        var a0 = Lanes(), a1 = Lanes(), a2 = Lanes(), a3 = Lanes()
        for c in 0..<padded.channels {
            for ky in 0..<3 {
                let row = padded.row(c, j + ky) + column
                let tap = w + c * 9 + ky * 3
                for kx in 0..<3 {
                    let x = loadLanes(row + kx)
                    a0 = a0.addingProduct(x, broadcast(tap[kx]))
                    a1 = a1.addingProduct(x, broadcast(tap[filter + kx]))
                    a2 = a2.addingProduct(x, broadcast(tap[2 * filter + kx]))
                    a3 = a3.addingProduct(x, broadcast(tap[3 * filter + kx]))
                }
            }
        }
        storeLanes(a0, out); storeLanes(a1, out + plane); storeLanes(a2, out + 2 * plane); storeLanes(a3, out + 3 * plane)
    }

    /// One output channel × 8 columns (the channels left over by the blocks of four).
    @inline(__always)
    private static func oneByOne(_ padded: ZeroPaddedRows, _ j: Int, column: Int, _ w: UnsafePointer<Float>,
                                 _ out: UnsafeMutablePointer<Float>) {
        var a = Lanes()
        for c in 0..<padded.channels {
            for ky in 0..<3 {
                let row = padded.row(c, j + ky) + column
                let tap = w + c * 9 + ky * 3
                for kx in 0..<3 { a = a.addingProduct(loadLanes(row + kx), broadcast(tap[kx])) }
            }
        }
        storeLanes(a, out)
    }
}
