/// `col2im` for stride-1 convolutions with 3×3 kernels (nearly every convolution of the ResNets):
/// each output pixel sums its taps in one pass instead of one pass per tap, so a 32-wide row is
/// visited once or three times rather than nine (the short-loop overhead dominated col2im).
/// Every pixel adds its taps in the same order as the general loop (ki, then kj, from zero), so
/// results are bit-for-bit those of `col2im(_:_:channels:rowStride:addingInto:)` on a zeroed plane:
/// attack trajectories are chaotic, and a different rounding alone moves a 300-iteration
/// reconstruction's RDLV from 0.67 to 0.27 (BaselineAttackTests).
extension Im2col {
    /// `x[c, ih, :] = Σ over the 3×3 taps that cover it`, overwriting, for input `channels`;
    /// `rowStride` as in `col2im(_:_:channels:rowStride:writingInto:)`. Needs stride 1 and a 3×3 kernel.
    static func col2imThreeByThree(_ cols: UnsafePointer<Float>, _ g: ConvGeometry, channels: Range<Int>, rowStride ld: Int,
                                   writingInto x: UnsafeMutablePointer<Float>) {
        let (h, w, ho, wo, p) = (g.inHeight, g.inWidth, g.outHeight, g.outWidth, g.padding)
        // Input columns covered by tap kj: iw = ow − p + kj for ow in [0, wo), clipped to [0, w).
        let ranges = (0..<3).map { kj in max(0, kj - p)..<max(max(0, kj - p), min(w, wo - p + kj)) }
        // Columns every tap covers.
        let first = ranges.map(\.lowerBound).max()!
        let interior = first..<max(first, ranges.map(\.upperBound).min()!)
        for c in channels {
            // Tap (ki, kj) of output row oh, shifted so that index iw reads output column iw + p − kj.
            let taps = cols + c * 9 * ld
            @inline(__always) func source(_ ki: Int, _ kj: Int, _ oh: Int) -> UnsafePointer<Float> {
                taps + (ki * 3 + kj) * ld + oh * wo + p - kj
            }
            /// The columns outside `interior` that the taps kj = 0, 1, 2 of one tap row reach.
            @inline(__always) func addEdges(_ s0: UnsafePointer<Float>, _ s1: UnsafePointer<Float>, _ s2: UnsafePointer<Float>,
                                            _ dst: UnsafeMutablePointer<Float>) {
                addOutside(interior, of: ranges[0], s0, dst)
                addOutside(interior, of: ranges[1], s1, dst)
                addOutside(interior, of: ranges[2], s2, dst)
            }
            for ih in 0..<h {
                let dst = x + (c * h + ih) * w
                let oh0 = ih + p  // output row of tap ki is oh0 − ki
                if oh0 - 2 >= 0 && oh0 < ho && !interior.isEmpty {
                    // All three tap rows are inside the output: the interior columns sum their
                    // nine taps in one pass; the few edge columns add the taps that reach them.
                    let (a0, a1, a2) = (source(0, 0, oh0), source(0, 1, oh0), source(0, 2, oh0))
                    let (b0, b1, b2) = (source(1, 0, oh0 - 1), source(1, 1, oh0 - 1), source(1, 2, oh0 - 1))
                    let (c0, c1, c2) = (source(2, 0, oh0 - 2), source(2, 1, oh0 - 2), source(2, 2, oh0 - 2))
                    for iw in interior {
                        dst[iw] = a0[iw] + a1[iw] + a2[iw] + b0[iw] + b1[iw] + b2[iw] + c0[iw] + c1[iw] + c2[iw]
                    }
                    if interior.count == w { continue }
                    dst.update(repeating: 0, count: interior.lowerBound)
                    (dst + interior.upperBound).update(repeating: 0, count: w - interior.upperBound)
                    addEdges(a0, a1, a2, dst)
                    addEdges(b0, b1, b2, dst)
                    addEdges(c0, c1, c2, dst)
                    continue
                }
                dst.update(repeating: 0, count: w)
                for ki in 0..<3 {
                    let oh = oh0 - ki
                    if oh < 0 || oh >= ho { continue }
                    let (s0, s1, s2) = (source(ki, 0, oh), source(ki, 1, oh), source(ki, 2, oh))
                    for iw in interior { dst[iw] = dst[iw] + s0[iw] + s1[iw] + s2[iw] }
                    addEdges(s0, s1, s2, dst)
                }
            }
        }
    }

    /// `dst[iw] += src[iw]` for `iw` in `range` but not in `interior`.
    @inline(__always)
    private static func addOutside(_ interior: Range<Int>, of range: Range<Int>, _ src: UnsafePointer<Float>,
                                   _ dst: UnsafeMutablePointer<Float>) {
        if interior.isEmpty {
            for iw in range { dst[iw] += src[iw] }
            return
        }
        for iw in range.lowerBound..<max(range.lowerBound, min(range.upperBound, interior.lowerBound)) { dst[iw] += src[iw] }
        for iw in min(range.upperBound, max(range.lowerBound, interior.upperBound))..<range.upperBound { dst[iw] += src[iw] }
    }
}
