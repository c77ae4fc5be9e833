/// im2col and its adjoint col2im for one image (docs/NATIVE-LIBS.md §4: per-image GEMMs keep the
/// column matrix in L2).
public enum Im2col {
    /// `cols[(c·kH + i)·kW + j, oh·Wo + ow] = x[c, oh·s − p + i, ow·s − p + j]` (zero outside).
    public static func im2col(_ x: UnsafePointer<Float>, _ g: ConvGeometry, into cols: UnsafeMutablePointer<Float>) {
        im2col(x, g, channels: 0..<g.inChannels, rows: 0..<g.outHeight, into: cols)
    }

    /// The block of the im2col matrix for input `channels` and output `rows`: a
    /// [channels.count·kH·kW, rows.count·Wo] matrix (row (c − c₀)·kH·kW + i·kW + j, column
    /// (oh − r₀)·Wo + ow) whose rows lie `rowStride` elements apart (default: packed), so threads
    /// can build disjoint pieces of one image's matrix, or images can sit side by side.
    public static func im2col(_ x: UnsafePointer<Float>, _ g: ConvGeometry, channels: Range<Int>, rows: Range<Int>,
                              rowStride: Int? = nil, into cols: UnsafeMutablePointer<Float>) {
        let (h, w, wo, s, p) = (g.inHeight, g.inWidth, g.outWidth, g.stride, g.padding)
        let ld = rowStride ?? rows.count * wo
        if s == 1 && wo == w { return im2colSameWidth(x, g, channels: channels, rows: rows, rowStride: ld, into: cols) }
        for c in channels {
            let plane = x + c * h * w
            for ki in 0..<g.kernelHeight {
                for kj in 0..<g.kernelWidth {
                    let row = cols + (((c - channels.lowerBound) * g.kernelHeight + ki) * g.kernelWidth + kj) * ld
                    // Output columns whose input column iw = ow·s − p + kj lies in [0, w).
                    let owStart = max(0, (p - kj + s - 1) / s)
                    let owEnd = lastColumn(w - 1 + p - kj, s, wo)
                    for oh in rows {
                        let ih = oh * s - p + ki
                        let out = row + (oh - rows.lowerBound) * wo
                        if ih < 0 || ih >= h || owStart >= owEnd {
                            out.update(repeating: 0, count: wo)
                            continue
                        }
                        let src = plane + ih * w
                        if owStart > 0 { out.update(repeating: 0, count: owStart) }
                        if s == 1 {
                            (out + owStart).update(from: src + owStart - p + kj, count: owEnd - owStart)
                        } else {
                            for ow in owStart..<owEnd { out[ow] = src[ow * s - p + kj] }
                        }
                        if owEnd < wo { (out + owEnd).update(repeating: 0, count: wo - owEnd) }
                    }
                }
            }
        }
    }

    /// `im2col` for stride 1 when output rows are as wide as input rows (padding (kW − 1)/2): each
    /// tap's block is the input plane shifted by a constant offset, so it is one contiguous copy
    /// plus zeroed padding rows and the |shift| wrapped-around columns of each row.
    static func im2colSameWidth(_ x: UnsafePointer<Float>, _ g: ConvGeometry, channels: Range<Int>, rows: Range<Int>,
                                rowStride ld: Int, into cols: UnsafeMutablePointer<Float>) {
        let (h, w, p) = (g.inHeight, g.inWidth, g.padding)
        let width = rows.count * w, planeSize = h * w
        for c in channels {
            let plane = x + c * planeSize
            for ki in 0..<g.kernelHeight {
                // Output rows whose input row oh − p + ki lies in [0, h).
                let first = max(rows.lowerBound, p - ki), last = min(rows.upperBound, h + p - ki)
                for kj in 0..<g.kernelWidth {
                    let out = cols + (((c - channels.lowerBound) * g.kernelHeight + ki) * g.kernelWidth + kj) * ld
                    if first >= last { out.update(repeating: 0, count: width); continue }
                    let top = (first - rows.lowerBound) * w, bottom = (last - rows.lowerBound) * w
                    if top > 0 { out.update(repeating: 0, count: top) }
                    if bottom < width { (out + bottom).update(repeating: 0, count: width - bottom) }
                    // out[top + j] = plane[start + j], clipped to the plane.
                    let shift = kj - p, start = (first - p + ki) * w + shift, n = bottom - top
                    let lo = max(0, -start), hi = min(n, planeSize - start)
                    let dst = out + top
                    if lo > 0 { dst.update(repeating: 0, count: lo) }
                    if hi > lo { (dst + lo).update(from: plane + start + lo, count: hi - lo) }
                    if hi < n { (dst + max(hi, lo)).update(repeating: 0, count: n - max(hi, lo)) }
                    // Columns whose input column ow + shift falls outside [0, w) wrapped into a
                    // neighbouring row: zero them.
                    if shift < 0 {
                        for r in stride(from: 0, to: n, by: w) { for j in 0..<min(-shift, w) { dst[r + j] = 0 } }
                    } else if shift > 0 {
                        for r in stride(from: 0, to: n, by: w) { for j in max(0, w - shift)..<w { dst[r + j] = 0 } }
                    }
                }
            }
        }
    }

    /// One past the last output column whose input column lies inside the image, given
    /// `limit = w − 1 + p − kj` (floor division; negative means none).
    @inline(__always)
    static func lastColumn(_ limit: Int, _ stride: Int, _ outWidth: Int) -> Int {
        limit < 0 ? 0 : min(outWidth, limit / stride + 1)
    }

    /// Adjoint of `im2col` for input `channels`, overwriting: `x[c, ih, iw] = Σ cols[…]` over every
    /// patch that covers the pixel (0 where none does). With stride 1 each row of x is summed in
    /// place from the kH·kW shifted rows of cols (one write per pixel, no zeroing pass).
    /// Rows of `cols` (the whole image's matrix) lie `rowStride` elements apart (default: Ho·Wo).
    public static func col2im(_ cols: UnsafePointer<Float>, _ g: ConvGeometry, channels: Range<Int>, rowStride: Int? = nil,
                              writingInto x: UnsafeMutablePointer<Float>) {
        let (h, w, ho, wo, p) = (g.inHeight, g.inWidth, g.outHeight, g.outWidth, g.padding)
        let ld = rowStride ?? ho * wo
        guard g.stride == 1 else {
            for c in channels { (x + c * h * w).update(repeating: 0, count: h * w) }
            col2im(cols, g, channels: channels, rowStride: ld, addingInto: x)
            return
        }
        if g.kernelHeight == 3 && g.kernelWidth == 3 {
            return col2imThreeByThree(cols, g, channels: channels, rowStride: ld, writingInto: x)
        }
        for c in channels {
            for ih in 0..<h {
                let dst = x + (c * h + ih) * w
                dst.update(repeating: 0, count: w)
                for ki in 0..<g.kernelHeight {
                    let oh = ih + p - ki
                    if oh < 0 || oh >= ho { continue }
                    for kj in 0..<g.kernelWidth {
                        // iw = ow − p + kj for ow in [0, wo), clipped to [0, w).
                        let start = max(0, kj - p), end = min(w, wo - p + kj)
                        if start >= end { continue }
                        let src = cols + ((c * g.kernelHeight + ki) * g.kernelWidth + kj) * ld + oh * wo + p - kj
                        for iw in start..<end { dst[iw] += src[iw] }
                    }
                }
            }
        }
    }

    /// Adjoint of `im2col`: `x[c, ih, iw] += cols[…]` over every patch that covers the pixel.
    /// `x` must be zeroed (or hold a value to accumulate onto) by the caller.
    public static func col2im(_ cols: UnsafePointer<Float>, _ g: ConvGeometry, addingInto x: UnsafeMutablePointer<Float>) {
        col2im(cols, g, channels: 0..<g.inChannels, rowStride: g.outPixels, addingInto: x)
    }

    /// `col2im(_:_:addingInto:)` restricted to input `channels` (cols is the whole image's matrix).
    static func col2im(_ cols: UnsafePointer<Float>, _ g: ConvGeometry, channels: Range<Int>, rowStride ld: Int,
                       addingInto x: UnsafeMutablePointer<Float>) {
        let (h, w, ho, wo, s, p) = (g.inHeight, g.inWidth, g.outHeight, g.outWidth, g.stride, g.padding)
        for c in channels {
            let plane = x + c * h * w
            for ki in 0..<g.kernelHeight {
                for kj in 0..<g.kernelWidth {
                    let row = cols + ((c * g.kernelHeight + ki) * g.kernelWidth + kj) * ld
                    let owStart = max(0, (p - kj + s - 1) / s)
                    let owEnd = lastColumn(w - 1 + p - kj, s, wo)
                    if owStart >= owEnd { continue }
                    for oh in 0..<ho {
                        let ih = oh * s - p + ki
                        if ih < 0 || ih >= h { continue }
                        let dst = plane + ih * w, src = row + oh * wo
                        if s == 1 {
                            let d = dst - p + kj
                            for ow in owStart..<owEnd { d[ow] += src[ow] }
                        } else {
                            for ow in owStart..<owEnd { dst[ow * s - p + kj] += src[ow] }
                        }
                    }
                }
            }
        }
    }
}
