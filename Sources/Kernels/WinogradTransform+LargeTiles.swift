import VectorKernels

/// F(4×4, 3×3) (`WinogradTile.fourByFour`): the filter transforms, with
/// G = [¼ 0 0; −⅙ −⅙ −⅙; −⅙ ⅙ −⅙; 1/24 1/12 ⅙; 1/24 −1/12 ⅙; 0 0 1] (Lavin & Gray 2016), here in
/// scalar code (run once per attack for fixed weights: `WinogradFilterCache`), and the image
/// transforms of `VectorKernels.WinogradLargeTiles`, one plane at a time. Value t = 6ξ + ν of a
/// tile goes to matrix t, as F(2×2, 3×3)'s value 4ξ + ν does.
extension WinogradTransform {
    /// G x for one filter column or row x = (a, b, d).
    private static func filterTransform(_ a: Float, _ b: Float, _ d: Float) -> (Float, Float, Float, Float, Float, Float) {
        let (sixth, twentyFourth): (Float, Float) = (1.0 / 6, 1.0 / 24)
        return (a * 0.25, -(a + b + d) * sixth, -(a - b + d) * sixth,
                (a + 2 * b + 4 * d) * twentyFourth, (a - 2 * b + 4 * d) * twentyFourth, d)
    }

    /// Gᵀ x for six values: the adjoint of `filterTransform`.
    private static func filterTransformAdjoint(_ x: (Float, Float, Float, Float, Float, Float)) -> (Float, Float, Float) {
        let (sixth, twelfth, twentyFourth): (Float, Float, Float) = (1.0 / 6, 1.0 / 12, 1.0 / 24)
        let (s12, s34) = (x.1 + x.2, x.3 + x.4)
        return (x.0 * 0.25 - s12 * sixth + s34 * twentyFourth, (x.2 - x.1) * sixth + (x.3 - x.4) * twelfth, (s34 - s12) * sixth + x.5)
    }

    /// U = G g Gᵀ for every filter g[k][c] (3×3) of `w` [K, C, 3, 3].
    func transformFiltersLarge(_ w: UnsafePointer<Float>, into u: UnsafeMutablePointer<Float>) {
        let (k, c, us) = (g.outChannels, g.inChannels, uStride)
        let (wp, up) = (SendablePointer(w), SendablePointer(u))
        Parallel.forEach(k, cost: 300 * k * c) { kk in
            withUnsafeTemporaryAllocation(of: Float.self, capacity: 18) { scratch in
                for cc in 0..<c {
                    let f = wp[(kk * c + cc) * 9], out = up[kk * c + cc]
                    for column in 0..<3 {  // G g, by columns: row ξ at scratch[3ξ + column]
                        let t = Self.filterTransform(f[column], f[3 + column], f[6 + column])
                        scratch[column] = t.0; scratch[3 + column] = t.1; scratch[6 + column] = t.2
                        scratch[9 + column] = t.3; scratch[12 + column] = t.4; scratch[15 + column] = t.5
                    }
                    for xi in 0..<6 {  // (G g) Gᵀ, row by row: value 6ξ + ν
                        let t = Self.filterTransform(scratch[3 * xi], scratch[3 * xi + 1], scratch[3 * xi + 2])
                        let base = out + 6 * xi * us
                        base[0] = t.0; base[us] = t.1; base[2 * us] = t.2; base[3 * us] = t.3; base[4 * us] = t.4; base[5 * us] = t.5
                    }
                }
            }
        }
    }

    /// dg = Gᵀ dU G for every filter: the adjoint of `transformFiltersLarge`, into `dw` [K, C, 3, 3].
    func foldFilterGradientLarge(_ du: UnsafeMutablePointer<Float>, into dw: UnsafeMutablePointer<Float>) {
        let (k, c, us) = (g.outChannels, g.inChannels, uStride)
        let (dup, dwp) = (SendablePointer(du), SendablePointer(dw))
        Parallel.forEach(k, cost: 300 * k * c) { kk in
            withUnsafeTemporaryAllocation(of: Float.self, capacity: 18) { scratch in
                for cc in 0..<c {
                    let source = dup[kk * c + cc]
                    for xi in 0..<6 {  // dU G, row by row: row ξ at scratch[3ξ …]
                        let row = source + 6 * xi * us
                        let t = Self.filterTransformAdjoint((row[0], row[us], row[2 * us], row[3 * us], row[4 * us], row[5 * us]))
                        scratch[3 * xi] = t.0; scratch[3 * xi + 1] = t.1; scratch[3 * xi + 2] = t.2
                    }
                    let out = dwp[(kk * c + cc) * 9]
                    for column in 0..<3 {  // Gᵀ (dU G), column by column
                        let t = Self.filterTransformAdjoint((scratch[column], scratch[3 + column], scratch[6 + column],
                                                             scratch[9 + column], scratch[12 + column], scratch[15 + column]))
                        out[column] = t.0; out[3 + column] = t.1; out[6 + column] = t.2
                    }
                }
            }
        }
    }

    /// V = Bᵀ d B for every 6×6 input window of every channel of `x` [N, C, H, W].
    func transformInputLarge(_ x: UnsafePointer<Float>, into v: UnsafeMutablePointer<Float>) {
        let (h, w, xp, vp) = (g.inHeight, g.inWidth, SendablePointer(x), SendablePointer(v))
        forEachTilePlane(channels: g.inChannels, planeSize: h * w, costPerTile: 144) { plane, block, scratch in
            WinogradLargeTiles.transformInput(xp[plane], height: h, width: w, tilesHigh: tilesHigh, tilesWide: tilesWide,
                                              into: vp[block], matrixStride: vStride, scratch: scratch)
        }
    }

    /// dx = Σ over windows of B dV Bᵀ: the adjoint of `transformInputLarge`, into `dx` [N, C, H, W].
    func scatterInputGradientLarge(_ dv: UnsafeMutablePointer<Float>, into dx: UnsafeMutablePointer<Float>) {
        let (h, w, dvp, dxp) = (g.inHeight, g.inWidth, SendablePointer(dv), SendablePointer(dx))
        forEachTilePlane(channels: g.inChannels, planeSize: h * w, costPerTile: 144) { plane, block, scratch in
            WinogradLargeTiles.scatterInputGradient(dvp[block], matrixStride: vStride, tilesHigh: tilesHigh, tilesWide: tilesWide,
                                                    height: h, width: w, into: dxp[plane], scratch: scratch)
        }
    }

    /// Y = Aᵀ M A for every tile of every output channel, into `y` [N, K, Ho, Wo].
    func transformOutputLarge(_ m: UnsafeMutablePointer<Float>, into y: UnsafeMutablePointer<Float>) {
        let (h, w, mp, yp) = (g.outHeight, g.outWidth, SendablePointer(m), SendablePointer(y))
        forEachTilePlane(channels: g.outChannels, planeSize: h * w, costPerTile: 96) { plane, block, scratch in
            WinogradLargeTiles.transformOutput(mp[block], matrixStride: mStride, tilesHigh: tilesHigh, tilesWide: tilesWide,
                                               height: h, width: w, into: yp[plane], scratch: scratch)
        }
    }

    /// dM = A dY Aᵀ for every tile: the adjoint of `transformOutputLarge`, from `dy` [N, K, Ho, Wo].
    func transformOutputGradientLarge(_ dy: UnsafePointer<Float>, into dm: UnsafeMutablePointer<Float>) {
        let (h, w, dyp, dmp) = (g.outHeight, g.outWidth, SendablePointer(dy), SendablePointer(dm))
        forEachTilePlane(channels: g.outChannels, planeSize: h * w, costPerTile: 96) { plane, block, scratch in
            WinogradLargeTiles.transformOutputGradient(dyp[plane], height: h, width: w, tilesHigh: tilesHigh, tilesWide: tilesWide,
                                                       into: dmp[block], matrixStride: mStride, scratch: scratch)
        }
    }
}
