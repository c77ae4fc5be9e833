/// Average and max pooling over NCHW planes (no padding, PyTorch's floor mode).
public enum Pooling {
    /// Output extent of a pooling window `kernel` with `stride` over `size`.
    @inlinable public static func outSize(_ size: Int, kernel: Int, stride: Int) -> Int { (size - kernel) / stride + 1 }

    /// `y[p, oh, ow] = mean of x[p, oh·s ..< oh·s+k, ow·s ..< ow·s+k]` for `planes` = N·C planes.
    public static func averageForward(_ x: UnsafePointer<Float>, planes: Int, height h: Int, width w: Int,
                                      kernel k: Int, stride s: Int, into y: UnsafeMutablePointer<Float>) {
        let ho = outSize(h, kernel: k, stride: s), wo = outSize(w, kernel: k, stride: s)
        let scale = 1 / Float(k * k)
        for p in 0..<planes {
            let xp = x + p * h * w, yp = y + p * ho * wo
            for oh in 0..<ho {
                for ow in 0..<wo {
                    var sum: Float = 0
                    for i in 0..<k { for j in 0..<k { sum += xp[(oh * s + i) * w + ow * s + j] } }
                    yp[oh * wo + ow] = sum * scale
                }
            }
        }
    }

    /// Adjoint of `averageForward`: spreads each `dy` over its window, divided by k².
    public static func averageAdjoint(_ dy: UnsafePointer<Float>, planes: Int, height h: Int, width w: Int,
                                      kernel k: Int, stride s: Int, into dx: UnsafeMutablePointer<Float>) {
        let ho = outSize(h, kernel: k, stride: s), wo = outSize(w, kernel: k, stride: s)
        let scale = 1 / Float(k * k)
        dx.update(repeating: 0, count: planes * h * w)
        for p in 0..<planes {
            let dxp = dx + p * h * w, dyp = dy + p * ho * wo
            for oh in 0..<ho {
                for ow in 0..<wo {
                    let v = dyp[oh * wo + ow] * scale
                    for i in 0..<k { for j in 0..<k { dxp[(oh * s + i) * w + ow * s + j] += v } }
                }
            }
        }
    }

    /// Flat input index of each window's maximum (first one on ties, as PyTorch).
    public static func maxIndices(_ x: UnsafePointer<Float>, planes: Int, height h: Int, width w: Int,
                                  kernel k: Int, stride s: Int) -> [Int32] {
        let ho = outSize(h, kernel: k, stride: s), wo = outSize(w, kernel: k, stride: s)
        var indices = [Int32](repeating: 0, count: planes * ho * wo)
        for p in 0..<planes {
            for oh in 0..<ho {
                for ow in 0..<wo {
                    var best = -Float.infinity, bestIndex = p * h * w + oh * s * w + ow * s
                    for i in 0..<k {
                        for j in 0..<k {
                            let index = p * h * w + (oh * s + i) * w + ow * s + j
                            if x[index] > best || x[index].isNaN { best = x[index]; bestIndex = index }
                        }
                    }
                    indices[(p * ho + oh) * wo + ow] = Int32(bestIndex)
                }
            }
        }
        return indices
    }
}
