/// im2col and its adjoint col2im for one image (NATIVE-LIBS.md §4: per-image GEMMs keep the
/// column matrix in L2).
public enum Im2col {
    /// `cols[(c·kH + i)·kW + j, oh·Wo + ow] = x[c, oh·s − p + i, ow·s − p + j]` (zero outside).
    public static func im2col(_ x: UnsafePointer<Float>, _ g: ConvGeometry, into cols: UnsafeMutablePointer<Float>) {
        let (h, w, ho, wo, s, p) = (g.inHeight, g.inWidth, g.outHeight, g.outWidth, g.stride, g.padding)
        for c in 0..<g.inChannels {
            let plane = x + c * h * w
            for ki in 0..<g.kernelHeight {
                for kj in 0..<g.kernelWidth {
                    let row = cols + ((c * g.kernelHeight + ki) * g.kernelWidth + kj) * ho * wo
                    // Output columns whose input column iw = ow·s − p + kj lies in [0, w).
                    let owStart = max(0, (p - kj + s - 1) / s)
                    let owEnd = lastColumn(w - 1 + p - kj, s, wo)
                    for oh in 0..<ho {
                        let ih = oh * s - p + ki
                        let out = row + oh * wo
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

    /// One past the last output column whose input column lies inside the image, given
    /// `limit = w − 1 + p − kj` (floor division; negative means none).
    @inline(__always)
    static func lastColumn(_ limit: Int, _ stride: Int, _ outWidth: Int) -> Int {
        limit < 0 ? 0 : min(outWidth, limit / stride + 1)
    }

    /// Adjoint of `im2col`: `x[c, ih, iw] += cols[…]` over every patch that covers the pixel.
    /// `x` must be zeroed (or hold a value to accumulate onto) by the caller.
    public static func col2im(_ cols: UnsafePointer<Float>, _ g: ConvGeometry, addingInto x: UnsafeMutablePointer<Float>) {
        let (h, w, ho, wo, s, p) = (g.inHeight, g.inWidth, g.outHeight, g.outWidth, g.stride, g.padding)
        for c in 0..<g.inChannels {
            let plane = x + c * h * w
            for ki in 0..<g.kernelHeight {
                for kj in 0..<g.kernelWidth {
                    let row = cols + ((c * g.kernelHeight + ki) * g.kernelWidth + kj) * ho * wo
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
