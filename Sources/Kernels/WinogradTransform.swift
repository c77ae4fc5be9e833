import VectorKernels

/// The tile transforms of Winograd's F(2×2, 3×3) or F(4×4, 3×3) (`WinogradTile`) for one 3×3,
/// stride-1, padding-1 convolution (`Convolution+Winograd.swift`; Lavin & Gray 2016). F(2×2, 3×3), with
/// Bᵀ = [1 0 −1 0; 0 1 1 0; 0 −1 1 0; 0 1 0 −1], G = [1 0 0; ½ ½ ½; ½ −½ ½; 0 0 1],
/// Aᵀ = [1 1 1 0; 0 1 −1 −1]), and their adjoints. Output tile (i, j) covers outputs
/// (2i…2i+1, 2j…2j+1) and reads the 4×4 input window from (2i − 1, 2j − 1); pixels outside the
/// image are the padding's zeros, outputs outside it are dropped. F(4×4, 3×3) works the same way
/// on 6×6 windows from (4i − 1, 4j − 1) and 36 matrices (`WinogradTransform+LargeTiles.swift`).
///
/// Layouts (t = 4ξ + ν is the position in the 4×4 tile, p = n·tilesPerImage + i·tilesWide + j):
/// filters U[t][k][c], input tiles V[t][c][p], products M[t][k][p], matrix t starting at t times
/// `uStride`, `vStride` or `mStride` — so the 16 (or 36) products are plain row-major GEMMs.
struct WinogradTransform {
    let g: ConvGeometry
    let tile: WinogradTile
    let tilesHigh: Int, tilesWide: Int

    init(_ g: ConvGeometry) {
        self.g = g
        tile = WinogradTile.chosen(for: g, minimumTilesPerImage: Convolution.winogradMinimumTilesPerImage)
        tilesHigh = (g.outHeight + tile.outputSize - 1) / tile.outputSize
        tilesWide = (g.outWidth + tile.outputSize - 1) / tile.outputSize
    }

    var tilesPerImage: Int { tilesHigh * tilesWide }
    /// P: the columns of the GEMMs.
    var tileCount: Int { g.batch * tilesPerImage }

    /// Distance between the matrices of U, V and M: their size plus one cache line, so that the
    /// values of a tile, stored a whole matrix apart, do not all land in one cache set (sizes
    /// that are multiples of 4 KiB made the transforms 4–5× slower).
    var uStride: Int { g.outChannels * g.inChannels + 16 }
    var vStride: Int { g.inChannels * tileCount + 16 }
    var mStride: Int { g.outChannels * tileCount + 16 }

    /// Fresh (uninitialised) storage for the matrices of U, V and M (or of their gradients).
    func allocateMatrices() -> (u: UnsafeMutablePointer<Float>, v: UnsafeMutablePointer<Float>, m: UnsafeMutablePointer<Float>) {
        (.allocate(capacity: tile.positions * uStride), allocateInputMatrices(), allocateOutputMatrices())
    }

    /// Fresh (uninitialised) storage for the matrices of V (or dV).
    func allocateInputMatrices() -> UnsafeMutablePointer<Float> { .allocate(capacity: tile.positions * vStride) }

    /// Fresh (uninitialised) storage for the matrices of M (or dM).
    func allocateOutputMatrices() -> UnsafeMutablePointer<Float> { .allocate(capacity: tile.positions * mStride) }

    /// Multiply–adds ×2 of the GEMMs of one call (K × C × P each): the work `Parallel` splits.
    var gemmFLOPs: Int { 2 * tile.positions * g.outChannels * g.inChannels * tileCount }

    /// U = G g Gᵀ for every filter g[k][c] (3×3) of `w` [K, C, 3, 3].
    func transformFilters(_ w: UnsafePointer<Float>, into u: UnsafeMutablePointer<Float>) {
        if tile == .fourByFour { return transformFiltersLarge(w, into: u) }
        let (k, c) = (g.outChannels, g.inChannels)
        let (wp, up) = (SendablePointer(w), SendablePointer(u))
        Parallel.forEach(k, cost: 100 * k * c) { kk in
            withUnsafeTemporaryAllocation(of: Float.self, capacity: 12) { scratch in
                let us = uStride, first = up[kk * c]
                for cc in 0..<c {
                    let f = wp[(kk * c + cc) * 9], out = first + cc
                    for col in 0..<3 {  // G g, one column of 3 at a time: rows t0…t3
                        let (a, b, d) = (f[col], f[3 + col], f[6 + col])
                        scratch[col] = a; scratch[3 + col] = 0.5 * (a + b + d); scratch[6 + col] = 0.5 * (a - b + d); scratch[9 + col] = d
                    }
                    for row in 0..<4 {  // (G g) Gᵀ, row by row
                        let (a, b, d) = (scratch[row * 3], scratch[row * 3 + 1], scratch[row * 3 + 2])
                        let base = out + row * 4 * us
                        base[0] = a; base[us] = 0.5 * (a + b + d); base[2 * us] = 0.5 * (a - b + d); base[3 * us] = d
                    }
                }
            }
        }
    }

    /// dg = Gᵀ dU G for every filter: the adjoint of `transformFilters`, into `dw` [K, C, 3, 3].
    func foldFilterGradient(_ du: UnsafeMutablePointer<Float>, into dw: UnsafeMutablePointer<Float>) {
        if tile == .fourByFour { return foldFilterGradientLarge(du, into: dw) }
        let (k, c) = (g.outChannels, g.inChannels)
        let (dup, dwp) = (SendablePointer(du), SendablePointer(dw))
        Parallel.forEach(k, cost: 100 * k * c) { kk in
            for cc in 0..<c {
                func load(_ row: Int) -> SIMD4<Float> {
                    let at = { (col: Int) in dup[(row * 4 + col) * uStride + kk * c + cc].pointee }
                    return SIMD4(at(0), at(1), at(2), at(3))
                }
                let (e0, e1, e2, e3) = (load(0), load(1), load(2), load(3))
                let rows = (e0 + 0.5 * (e1 + e2), 0.5 * (e1 - e2), 0.5 * (e1 + e2) + e3)  // Gᵀ dU
                let out = dwp[(kk * c + cc) * 9]
                func store(_ row: Int, _ r: SIMD4<Float>) {  // (Gᵀ dU) G
                    out[row * 3] = r[0] + 0.5 * (r[1] + r[2]); out[row * 3 + 1] = 0.5 * (r[1] - r[2]); out[row * 3 + 2] = 0.5 * (r[1] + r[2]) + r[3]
                }
                store(0, rows.0); store(1, rows.1); store(2, rows.2)
            }
        }
    }

    /// Whether the image transforms run eight tiles per vector (`VectorKernels.WinogradTiles`, bit for
    /// bit the scalar loops below): where the CPU runs the VectorKernels module, unless a test
    /// switches it off to compare the two.
    nonisolated(unsafe) static var vectorised = VectorUnit.runsVectorKernels

    /// `body(plane, block, scratch)` for every (image, channel) plane of a tensor [N, `channels`, H, W]
    /// whose planes are `planeSize` floats: `plane` is the plane's offset in the tensor, `block` the
    /// offset of its tiles' columns within each matrix of V or M (channel · P + image ·
    /// tilesPerImage), `scratch` a buffer of `WinogradTiles.scratchCapacity` (or
    /// `WinogradLargeTiles.scratchCapacity`) floats per chunk of planes. The planes are split over
    /// threads by a cost of `costPerTile` per tile.
    func forEachTilePlane(channels: Int, planeSize: Int, costPerTile: Int,
                          _ body: (_ plane: Int, _ block: Int, _ scratch: UnsafeMutablePointer<Float>) -> Void) {
        let capacity = tile == .fourByFour ? WinogradLargeTiles.scratchCapacity(tilesHigh: tilesHigh, tilesWide: tilesWide)
            : WinogradTiles.scratchCapacity(tilesHigh: tilesHigh, tilesWide: tilesWide)
        let (planes, p) = (g.batch * channels, tileCount)
        Parallel.forEachChunk(planes, cost: costPerTile * planes * tilesPerImage) { _, range in
            withUnsafeTemporaryAllocation(of: Float.self, capacity: capacity) { scratch in
                for plane in range {
                    body(plane * planeSize, (plane % channels) * p + (plane / channels) * tilesPerImage, scratch.baseAddress!)
                }
            }
        }
    }

    /// V = Bᵀ d B for every 4×4 input window d of every channel of `x` [N, C, H, W].
    func transformInput(_ x: UnsafePointer<Float>, into v: UnsafeMutablePointer<Float>) {
        if tile == .fourByFour { return transformInputLarge(x, into: v) }
        let (c, p, h, w) = (g.inChannels, tileCount, g.inHeight, g.inWidth)
        let (xp, vp) = (SendablePointer(x), SendablePointer(v))
        if Self.vectorised {
            return forEachTilePlane(channels: c, planeSize: h * w, costPerTile: 64) { plane, block, scratch in
                WinogradTiles.transformInput(xp[plane], height: h, width: w, tilesHigh: tilesHigh, tilesWide: tilesWide,
                                             into: vp[block], matrixStride: vStride, scratch: scratch)
            }
        }
        Parallel.forEach(g.batch * c, cost: 64 * g.batch * c * tilesPerImage) { plane in
            let (n, cc) = (plane / c, plane % c)
            let source = xp[plane * h * w]
            for i in 0..<tilesHigh {
                for j in 0..<tilesWide {
                    func row(_ r: Int) -> SIMD4<Float> {
                        let y = 2 * i - 1 + r
                        guard y >= 0, y < h else { return .zero }
                        let line = source + y * w, x0 = 2 * j - 1
                        if x0 >= 0, x0 + 3 < w { return SIMD4(line[x0], line[x0 + 1], line[x0 + 2], line[x0 + 3]) }
                        var values = SIMD4<Float>()
                        for q in 0..<4 where x0 + q >= 0 && x0 + q < w { values[q] = line[x0 + q] }
                        return values
                    }
                    let (d0, d1, d2, d3) = (row(0), row(1), row(2), row(3))
                    let column = n * tilesPerImage + i * tilesWide + j
                    func store(_ xi: Int, _ r: SIMD4<Float>) {
                        let values = SIMD4(r[0] - r[2], r[1] + r[2], r[2] - r[1], r[1] - r[3])  // (Bᵀ d) B
                        for nu in 0..<4 { vp[(xi * 4 + nu) * vStride + cc * p + column].pointee = values[nu] }
                    }
                    store(0, d0 - d2); store(1, d1 + d2); store(2, d2 - d1); store(3, d1 - d3)  // Bᵀ d, by rows
                }
            }
        }
    }

    /// dx = Σ over windows of B dV Bᵀ: the adjoint of `transformInput`, into `dx` [N, C, H, W]
    /// (overwritten; overlapping windows add up, padding positions are dropped).
    func scatterInputGradient(_ dv: UnsafeMutablePointer<Float>, into dx: UnsafeMutablePointer<Float>) {
        if tile == .fourByFour { return scatterInputGradientLarge(dv, into: dx) }
        let (c, p, h, w) = (g.inChannels, tileCount, g.inHeight, g.inWidth)
        let (dvp, dxp) = (SendablePointer(dv), SendablePointer(dx))
        if Self.vectorised {
            return forEachTilePlane(channels: c, planeSize: h * w, costPerTile: 64) { plane, block, scratch in
                WinogradTiles.scatterInputGradient(dvp[block], matrixStride: vStride, tilesHigh: tilesHigh,
                                                   tilesWide: tilesWide, height: h, width: w, into: dxp[plane], scratch: scratch)
            }
        }
        Parallel.forEach(g.batch * c, cost: 64 * g.batch * c * tilesPerImage) { plane in
            let (n, cc) = (plane / c, plane % c)
            let target = dxp[plane * h * w]
            target.update(repeating: 0, count: h * w)
            for i in 0..<tilesHigh {
                for j in 0..<tilesWide {
                    let column = n * tilesPerImage + i * tilesWide + j
                    func load(_ xi: Int) -> SIMD4<Float> {
                        var values = SIMD4<Float>()
                        for nu in 0..<4 { values[nu] = dvp[(xi * 4 + nu) * vStride + cc * p + column].pointee }
                        return values
                    }
                    let (e0, e1, e2, e3) = (load(0), load(1), load(2), load(3))
                    func add(_ r: Int, _ values: SIMD4<Float>) {
                        let y = 2 * i - 1 + r
                        guard y >= 0, y < h else { return }
                        let out = SIMD4(values[0], values[1] - values[2] + values[3], values[1] + values[2] - values[0], -values[3])  // (B dV) Bᵀ
                        let line = target + y * w, x0 = 2 * j - 1
                        for q in 0..<4 where x0 + q >= 0 && x0 + q < w { line[x0 + q] += out[q] }
                    }
                    add(0, e0); add(1, e1 - e2 + e3); add(2, e1 + e2 - e0); add(3, -e3)  // B dV, by rows
                }
            }
        }
    }

    /// Y = Aᵀ M A for every tile of every output channel, into `y` [N, K, Ho, Wo].
    func transformOutput(_ m: UnsafeMutablePointer<Float>, into y: UnsafeMutablePointer<Float>) {
        if tile == .fourByFour { return transformOutputLarge(m, into: y) }
        let (k, p, h, w) = (g.outChannels, tileCount, g.outHeight, g.outWidth)
        let (mp, yp) = (SendablePointer(m), SendablePointer(y))
        if Self.vectorised {
            return forEachTilePlane(channels: k, planeSize: h * w, costPerTile: 32) { plane, block, _ in
                WinogradTiles.transformOutput(mp[block], matrixStride: mStride, tilesHigh: tilesHigh,
                                              tilesWide: tilesWide, height: h, width: w, into: yp[plane])
            }
        }
        Parallel.forEach(g.batch * k, cost: 32 * g.batch * k * tilesPerImage) { plane in
            let (n, kk) = (plane / k, plane % k)
            let target = yp[plane * h * w]
            for i in 0..<tilesHigh {
                for j in 0..<tilesWide {
                    let column = n * tilesPerImage + i * tilesWide + j
                    func load(_ xi: Int) -> SIMD4<Float> {
                        var values = SIMD4<Float>()
                        for nu in 0..<4 { values[nu] = mp[(xi * 4 + nu) * mStride + kk * p + column].pointee }
                        return values
                    }
                    let (m0, m1, m2, m3) = (load(0), load(1), load(2), load(3))
                    func store(_ r: Int, _ values: SIMD4<Float>) {  // (Aᵀ M) A
                        let yRow = 2 * i + r
                        guard yRow < h else { return }
                        let line = target + yRow * w
                        line[2 * j] = values[0] + values[1] + values[2]
                        if 2 * j + 1 < w { line[2 * j + 1] = values[1] - values[2] - values[3] }
                    }
                    store(0, m0 + m1 + m2); store(1, m1 - m2 - m3)  // Aᵀ M, by rows
                }
            }
        }
    }

    /// dM = A dY Aᵀ for every tile (outputs outside the image count as zero): the adjoint of
    /// `transformOutput`, from `dy` [N, K, Ho, Wo].
    func transformOutputGradient(_ dy: UnsafePointer<Float>, into dm: UnsafeMutablePointer<Float>) {
        if tile == .fourByFour { return transformOutputGradientLarge(dy, into: dm) }
        let (k, p, h, w) = (g.outChannels, tileCount, g.outHeight, g.outWidth)
        let (dyp, dmp) = (SendablePointer(dy), SendablePointer(dm))
        if Self.vectorised {
            return forEachTilePlane(channels: k, planeSize: h * w, costPerTile: 32) { plane, block, scratch in
                WinogradTiles.transformOutputGradient(dyp[plane], height: h, width: w, tilesHigh: tilesHigh, tilesWide: tilesWide,
                                                      into: dmp[block], matrixStride: mStride, scratch: scratch)
            }
        }
        Parallel.forEach(g.batch * k, cost: 32 * g.batch * k * tilesPerImage) { plane in
            let (n, kk) = (plane / k, plane % k)
            let source = dyp[plane * h * w]
            for i in 0..<tilesHigh {
                for j in 0..<tilesWide {
                    func value(_ r: Int, _ q: Int) -> Float {
                        let (yRow, x) = (2 * i + r, 2 * j + q)
                        return yRow < h && x < w ? source[yRow * w + x] : 0
                    }
                    let (a0, b0, a1, b1) = (value(0, 0), value(0, 1), value(1, 0), value(1, 1))
                    let column = n * tilesPerImage + i * tilesWide + j
                    func store(_ xi: Int, _ a: Float, _ b: Float) {
                        let values = SIMD4(a, a + b, a - b, -b)  // (A e) Aᵀ
                        for nu in 0..<4 { dmp[(xi * 4 + nu) * mStride + kk * p + column].pointee = values[nu] }
                    }
                    // A e: rows e0, e0 + e1, e0 − e1, −e1 (e the 2×2 gradient tile's rows).
                    store(0, a0, b0); store(1, a0 + a1, b0 + b1); store(2, a0 - a1, b0 - b1); store(3, -a1, -b1)
                }
            }
        }
    }
}
