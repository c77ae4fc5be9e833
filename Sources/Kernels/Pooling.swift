/// Average and max pooling over NCHW planes (PyTorch's floor mode; max pooling may be padded).
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

    /// Output extent of a window `kernel` with `stride` over `size` zero-extended by `padding` on
    /// both sides (PyTorch's floor mode).
    @inlinable public static func outSize(_ size: Int, kernel: Int, stride: Int, padding: Int) -> Int {
        (size + 2 * padding - kernel) / stride + 1
    }

    /// The clipped window `[start, end)` of output position `o` along an axis of extent `size`:
    /// padded positions are left out, which is padding with −∞ as PyTorch's `max_pool2d` does.
    @inlinable static func window(_ o: Int, size: Int, kernel k: Int, stride s: Int, padding p: Int) -> (Int, Int) {
        let start = o * s - p
        return (max(start, 0), min(start + k, size))
    }

    /// Flat input index of each window's maximum (first one on ties, as PyTorch; a NaN wins). With
    /// `padding` p, windows reach p positions beyond each border, where the input counts as −∞
    /// (torch.nn.functional.max_pool2d; PyTorch requires p ≤ k/2, so no window is empty).
    /// Parallel over planes: each plane is independent.
    public static func maxIndices(_ x: UnsafePointer<Float>, planes: Int, height h: Int, width w: Int,
                                  kernel k: Int, stride s: Int, padding p: Int = 0) -> [Int32] {
        let ho = outSize(h, kernel: k, stride: s, padding: p), wo = outSize(w, kernel: k, stride: s, padding: p)
        if planes * ho * wo <= 0 { return [] }
        return [Int32](unsafeUninitializedCapacity: planes * ho * wo) { buffer, initialized in
            initialized = planes * ho * wo
            if isStemWindow(kernel: k, stride: s, padding: p) {
                return stemWindowMaxima(x, planes: planes, height: h, width: w, values: nil, indices: buffer.baseAddress!)
            }
            let indices = SendablePointer(buffer.baseAddress!)
            Parallel.forEach(planes, cost: planes * ho * wo * k * k) { plane in
                for oh in 0..<ho {
                    let (i0, i1) = window(oh, size: h, kernel: k, stride: s, padding: p)
                    for ow in 0..<wo {
                        let (j0, j1) = window(ow, size: w, kernel: k, stride: s, padding: p)
                        var best = -Float.infinity, bestIndex = plane * h * w + i0 * w + j0
                        for i in i0..<i1 {
                            for j in j0..<j1 {
                                let index = plane * h * w + i * w + j
                                if x[index] > best || x[index].isNaN { best = x[index]; bestIndex = index }
                            }
                        }
                        indices[(plane * ho + oh) * wo + ow].pointee = Int32(bestIndex)
                    }
                }
            }
        }
    }

    /// `y[p, oh, ow]` = the maximum of the (−∞-padded) window, the value at `maxIndices`.
    /// Parallel over planes: each plane is independent.
    public static func maxForward(_ x: UnsafePointer<Float>, planes: Int, height h: Int, width w: Int,
                                  kernel k: Int, stride s: Int, padding p: Int, into y: UnsafeMutablePointer<Float>) {
        if isStemWindow(kernel: k, stride: s, padding: p) { return stemWindowMaxima(x, planes: planes, height: h, width: w, values: y, indices: nil) }
        let ho = outSize(h, kernel: k, stride: s, padding: p), wo = outSize(w, kernel: k, stride: s, padding: p)
        Parallel.forEach(planes, cost: planes * ho * wo * k * k) { plane in
            let xp = x + plane * h * w, yp = y + plane * ho * wo
            for oh in 0..<ho {
                let (i0, i1) = window(oh, size: h, kernel: k, stride: s, padding: p)
                for ow in 0..<wo {
                    let (j0, j1) = window(ow, size: w, kernel: k, stride: s, padding: p)
                    var best = -Float.infinity
                    for i in i0..<i1 {
                        for j in j0..<j1 {
                            let v = xp[i * w + j]
                            if v > best || v.isNaN { best = v }
                        }
                    }
                    yp[oh * wo + ow] = best
                }
            }
        }
    }
}
