/// The four tile transforms of Winograd's F(2×2, 3×3) that touch images (Lavin & Gray, "Fast
/// Algorithms for Convolutional Neural Networks", CVPR 2016), for one channel plane at a time and
/// eight horizontally adjacent tiles per vector: the input transform V = Bᵀ d B, its adjoint
/// dx += B dV Bᵀ, the output transform Y = Aᵀ M A and its adjoint dM = A dY Aᵀ.
///
/// Tile (i, j) reads the 4×4 input window from (2i − 1, 2j − 1) and writes the 2×2 outputs from
/// (2i, 2j). Its 16 transformed values go to 16 matrices `matrixStride` floats apart, at column
/// `i · tilesWide + j` of the plane's block (`Kernels.WinogradTransform` gives the layout). Eight
/// adjacent tiles are eight consecutive columns of every matrix, so each of the 16 values is one
/// vector load or store, and the tiles' input columns (2j − 1 + q) are the even and odd lanes of two
/// 16-float loads of a zero-padded copy of the row.
///
/// Every lane does the additions of the scalar transforms in `Kernels.WinogradTransform` in the same
/// order, with no fused multiply-add, and `scatterInputGradient` adds the windows' overlapping
/// contributions into `dx` in the scalar order: the results are bit for bit those of the scalar
/// code (`WinogradTests`).
public enum WinogradTiles {
    /// Lanes per vector: tiles transformed together.
    static let lanes = 8

    /// Floats of scratch space the functions below need for a plane with these tiles.
    public static func scratchCapacity(tilesHigh: Int, tilesWide: Int) -> Int {
        let pitch = paddedPitch(tilesWide)
        return max((2 * tilesHigh + 2) * pitch, 16 * contributionSpan(tilesWide))
    }

    /// Columns of a zero-padded row copy: room for two 16-float loads at 2j and 2j + 2 of the last
    /// block of eight tiles.
    static func paddedPitch(_ tilesWide: Int) -> Int { 2 * ((tilesWide + lanes - 1) / lanes) * lanes + 18 }

    /// Copies `rows` rows of a [height, width] plane into `scratch` with zeros around them: padded
    /// row k holds plane row `k + firstRow` shifted right by `shift` columns (zeros outside the plane).
    static func paddedCopy(_ plane: UnsafePointer<Float>, height: Int, width: Int, firstRow: Int, rows: Int,
                           shift: Int, pitch: Int, into scratch: UnsafeMutablePointer<Float>) {
        for k in 0..<rows {
            let y = k + firstRow, row = scratch + k * pitch
            guard y >= 0, y < height else { row.update(repeating: 0, count: pitch); continue }
            // Each float is written once: the margins are zeroed, the plane's row copied between them.
            row.update(repeating: 0, count: shift)
            (row + shift).update(from: plane + y * width, count: width)
            (row + shift + width).update(repeating: 0, count: pitch - shift - width)
        }
    }

    /// Stores the first `count` lanes of `value` at `pointer`.
    @inline(__always)
    private static func store(_ value: Lanes, _ pointer: UnsafeMutablePointer<Float>, count: Int) {
        if count == lanes { return storeLanes(value, pointer) }
        storePrefix(value, pointer, count: count)
    }

    /// How many of the eight tiles from (i, j0) to store. Tiles past the end of a tile row land on
    /// columns of later tiles of the same plane, whose own stores come afterwards and overwrite
    /// them, so all eight lanes are stored whenever they stay inside the plane's columns; only an
    /// overhang past the plane's last tile (another plane's columns) is cut off.
    @inline(__always)
    static func lanesToStore(i: Int, j0: Int, tilesHigh: Int, tilesWide: Int) -> Int {
        i * tilesWide + j0 + lanes <= tilesHigh * tilesWide ? lanes : min(lanes, tilesWide - j0)
    }

    /// Sixteen floats from `pointer`, without any alignment requirement.
    @inline(__always)
    private static func load16(_ pointer: UnsafePointer<Float>) -> SIMD16<Float> {
        UnsafeRawPointer(pointer).loadUnaligned(as: SIMD16<Float>.self)
    }

    /// V = Bᵀ d B for every tile of one input plane [height, width] (Bᵀ = [1 0 −1 0; 0 1 1 0;
    /// 0 −1 1 0; 0 1 0 −1]); value t = 4ξ + ν of tile (i, j) goes to `v[t · matrixStride + i · tilesWide + j]`.
    public static func transformInput(_ plane: UnsafePointer<Float>, height: Int, width: Int, tilesHigh: Int, tilesWide: Int,
                                      into v: UnsafeMutablePointer<Float>, matrixStride: Int,
                                      scratch: UnsafeMutablePointer<Float>) {
        let pitch = paddedPitch(tilesWide)
        // Padded row k is input row k − 1, input column x at padded column x + 1.
        paddedCopy(plane, height: height, width: width, firstRow: -1, rows: 2 * tilesHigh + 2, shift: 1, pitch: pitch, into: scratch)
        for i in 0..<tilesHigh {
            var j0 = 0
            while j0 < tilesWide {
                let count = lanesToStore(i: i, j0: j0, tilesHigh: tilesHigh, tilesWide: tilesWide)
                // d[r][q]: rows 2i − 1 + r, columns 2j − 1 + q of the eight tiles.
                func row(_ r: Int) -> (Lanes, Lanes, Lanes, Lanes) {
                    let line = UnsafePointer(scratch + (2 * i + r) * pitch + 2 * j0)
                    let low = load16(line), high = load16(line + 2)
                    return (low.evenHalf, low.oddHalf, high.evenHalf, high.oddHalf)
                }
                let (d0, d1, d2, d3) = (row(0), row(1), row(2), row(3))
                let target = v + i * tilesWide + j0
                func put(_ xi: Int, _ r: (Lanes, Lanes, Lanes, Lanes)) {  // (Bᵀ d) B, row ξ
                    let base = target + xi * 4 * matrixStride
                    store(r.0 - r.2, base, count: count)
                    store(r.1 + r.2, base + matrixStride, count: count)
                    store(r.2 - r.1, base + 2 * matrixStride, count: count)
                    store(r.1 - r.3, base + 3 * matrixStride, count: count)
                }
                put(0, (d0.0 - d2.0, d0.1 - d2.1, d0.2 - d2.2, d0.3 - d2.3))  // Bᵀ d, by rows
                put(1, (d1.0 + d2.0, d1.1 + d2.1, d1.2 + d2.2, d1.3 + d2.3))
                put(2, (d2.0 - d1.0, d2.1 - d1.1, d2.2 - d1.2, d2.3 - d1.3))
                put(3, (d1.0 - d3.0, d1.1 - d3.1, d1.2 - d3.2, d1.3 - d3.3))
                j0 += lanes
            }
        }
    }

    /// dx = Σ over windows of B dV Bᵀ for one input plane [height, width] (overwritten): the adjoint
    /// of `transformInput`, reading `dv` as it writes `v`. Overlapping windows add up tile by tile
    /// in row-major order; padding positions are dropped.
    public static func scatterInputGradient(_ dv: UnsafePointer<Float>, matrixStride: Int, tilesHigh: Int, tilesWide: Int,
                                            height: Int, width: Int, into dx: UnsafeMutablePointer<Float>,
                                            scratch: UnsafeMutablePointer<Float>) {
        dx.update(repeating: 0, count: height * width)
        // contribution(r, q)[1 + j]: what tile j of the current tile row adds at row 2i − 1 + r,
        // column 2j − 1 + q; entry 0 and the entries past the last tile are zeros.
        let span = contributionSpan(tilesWide)
        func contribution(_ r: Int, _ q: Int) -> UnsafeMutablePointer<Float> { scratch + (r * 4 + q) * span }
        for i in 0..<tilesHigh {
            var j0 = 0
            while j0 < tilesWide {
                let (e0, e1, e2, e3) = loadTileValues(dv + i * tilesWide + j0, matrixStride: matrixStride)
                func put(_ r: Int, _ v: (Lanes, Lanes, Lanes, Lanes)) {  // (B dV) Bᵀ, row r
                    storeLanes(v.0, contribution(r, 0) + 1 + j0)
                    storeLanes(v.1 - v.2 + v.3, contribution(r, 1) + 1 + j0)
                    storeLanes(v.1 + v.2 - v.0, contribution(r, 2) + 1 + j0)
                    storeLanes(-v.3, contribution(r, 3) + 1 + j0)
                }
                put(0, e0)  // B dV, by rows
                put(1, (e1.0 - e2.0 + e3.0, e1.1 - e2.1 + e3.1, e1.2 - e2.2 + e3.2, e1.3 - e2.3 + e3.3))
                put(2, (e1.0 + e2.0 - e0.0, e1.1 + e2.1 - e0.1, e1.2 + e2.2 - e0.2, e1.3 + e2.3 - e0.3))
                put(3, (-e3.0, -e3.1, -e3.2, -e3.3))
                j0 += lanes
            }
            for q in 0..<16 {  // zeros around the row's tiles (the lanes past the last tile hold garbage)
                let entries = scratch + q * span
                entries[0] = 0
                (entries + 1 + tilesWide).update(repeating: 0, count: span - 1 - tilesWide)
            }
            // Pixel 2m of a row gets tile m − 1's column 3, then tile m's column 1; pixel 2m + 1
            // gets tile m's column 2, then tile m + 1's column 0 — the scalar loop's order. A
            // missing tile adds +0, which changes nothing: a sum begun at +0 is never −0.
            for r in 0..<4 {
                let y = 2 * i - 1 + r
                guard y >= 0, y < height else { continue }
                let (c0, c1, c2, c3) = (contribution(r, 0), contribution(r, 1), contribution(r, 2), contribution(r, 3))
                var m0 = 0
                while 2 * m0 < width {
                    let line = dx + y * width + 2 * m0, columns = min(2 * lanes, width - 2 * m0)
                    var pixels = columns == 2 * lanes ? load16(line) : loadPrefix(line, count: columns) as SIMD16<Float>
                    pixels.evenHalf = pixels.evenHalf + loadLanes(c3 + m0) + loadLanes(c1 + m0 + 1)
                    pixels.oddHalf = pixels.oddHalf + loadLanes(c2 + m0 + 1) + loadLanes(c0 + m0 + 2)
                    if columns == 2 * lanes {
                        UnsafeMutableRawPointer(line).storeBytes(of: pixels, as: SIMD16<Float>.self)
                    } else {
                        storePrefix(pixels, line, count: columns)
                    }
                    m0 += lanes
                }
            }
        }
    }

    /// The 16 transformed values of eight adjacent tiles, as four rows of four vectors: value
    /// 4ξ + ν of the tiles is the vector at `source + (4ξ + ν) · matrixStride`.
    @inline(__always)
    private static func loadTileValues(_ source: UnsafePointer<Float>, matrixStride: Int)
        -> ((Lanes, Lanes, Lanes, Lanes), (Lanes, Lanes, Lanes, Lanes), (Lanes, Lanes, Lanes, Lanes), (Lanes, Lanes, Lanes, Lanes)) {
        func row(_ xi: Int) -> (Lanes, Lanes, Lanes, Lanes) {
            let base = source + xi * 4 * matrixStride
            return (loadLanes(base), loadLanes(base + matrixStride), loadLanes(base + 2 * matrixStride), loadLanes(base + 3 * matrixStride))
        }
        return (row(0), row(1), row(2), row(3))
    }

    /// Entries of each of the 16 contribution rows of `scatterInputGradient`.
    static func contributionSpan(_ tilesWide: Int) -> Int { tilesWide + 2 * lanes + 2 }

    /// Y = Aᵀ M A (Aᵀ = [1 1 1 0; 0 1 −1 −1]) for every tile of one output plane [height, width],
    /// reading value t of tile (i, j) at `m[t · matrixStride + i · tilesWide + j]`; outputs beyond
    /// the plane are dropped.
    public static func transformOutput(_ m: UnsafePointer<Float>, matrixStride: Int, tilesHigh: Int, tilesWide: Int,
                                       height: Int, width: Int, into y: UnsafeMutablePointer<Float>) {
        for i in 0..<tilesHigh {
            var j0 = 0
            while j0 < tilesWide {
                let (m0, m1, m2, m3) = loadTileValues(m + i * tilesWide + j0, matrixStride: matrixStride)
                let columns = min(2 * lanes, width - 2 * j0)
                func put(_ r: Int, _ v: (Lanes, Lanes, Lanes, Lanes)) {  // (Aᵀ M) A, row r
                    let outputRow = 2 * i + r
                    guard outputRow < height else { return }
                    var pair = SIMD16<Float>()
                    pair.evenHalf = v.0 + v.1 + v.2
                    pair.oddHalf = v.1 - v.2 - v.3
                    let line = y + outputRow * width + 2 * j0
                    if columns == 2 * lanes {
                        UnsafeMutableRawPointer(line).storeBytes(of: pair, as: SIMD16<Float>.self)
                    } else {
                        storePrefix(pair, line, count: columns)
                    }
                }
                put(0, (m0.0 + m1.0 + m2.0, m0.1 + m1.1 + m2.1, m0.2 + m1.2 + m2.2, m0.3 + m1.3 + m2.3))  // Aᵀ M, by rows
                put(1, (m1.0 - m2.0 - m3.0, m1.1 - m2.1 - m3.1, m1.2 - m2.2 - m3.2, m1.3 - m2.3 - m3.3))
                j0 += lanes
            }
        }
    }

    /// dM = A dY Aᵀ for every tile of one output-gradient plane [height, width] (outputs beyond the
    /// plane count as zero): the adjoint of `transformOutput`, writing `dm` as it reads `m`.
    public static func transformOutputGradient(_ dy: UnsafePointer<Float>, height: Int, width: Int, tilesHigh: Int,
                                               tilesWide: Int, into dm: UnsafeMutablePointer<Float>, matrixStride: Int,
                                               scratch: UnsafeMutablePointer<Float>) {
        let pitch = paddedPitch(tilesWide)
        paddedCopy(dy, height: height, width: width, firstRow: 0, rows: 2 * tilesHigh, shift: 0, pitch: pitch, into: scratch)
        for i in 0..<tilesHigh {
            var j0 = 0
            while j0 < tilesWide {
                let count = lanesToStore(i: i, j0: j0, tilesHigh: tilesHigh, tilesWide: tilesWide)
                let top = load16(scratch + 2 * i * pitch + 2 * j0), bottom = load16(scratch + (2 * i + 1) * pitch + 2 * j0)
                let (a0, b0, a1, b1) = (top.evenHalf, top.oddHalf, bottom.evenHalf, bottom.oddHalf)
                let target = dm + i * tilesWide + j0
                func put(_ xi: Int, _ a: Lanes, _ b: Lanes) {  // (A e) Aᵀ, row ξ
                    let base = target + xi * 4 * matrixStride
                    store(a, base, count: count)
                    store(a + b, base + matrixStride, count: count)
                    store(a - b, base + 2 * matrixStride, count: count)
                    store(-b, base + 3 * matrixStride, count: count)
                }
                // A e: rows e0, e0 + e1, e0 − e1, −e1 (e the 2×2 gradient tile's rows).
                put(0, a0, b0); put(1, a0 + a1, b0 + b1); put(2, a0 - a1, b0 - b1); put(3, -a1, -b1)
                j0 += lanes
            }
        }
    }
}
