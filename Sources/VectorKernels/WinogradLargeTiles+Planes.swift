extension WinogradLargeTiles {
    /// V = Bᵀ d B for every tile of one input plane [height, width]; value t = 6ξ + ν of tile (i, j)
    /// goes to `v[t · matrixStride + i · tilesWide + j]`.
    public static func transformInput(_ plane: UnsafePointer<Float>, height: Int, width: Int, tilesHigh: Int, tilesWide: Int,
                                      into v: UnsafeMutablePointer<Float>, matrixStride: Int,
                                      scratch: UnsafeMutablePointer<Float>) {
        let pitch = paddedPitch(tilesWide)
        // Padded row k is input row k − 1, input column x at padded column x + 1.
        WinogradTiles.paddedCopy(plane, height: height, width: width, firstRow: -1, rows: 4 * tilesHigh + 2, shift: 1,
                                 pitch: pitch, into: scratch)
        let rows = scratch + (4 * tilesHigh + 2) * pitch  // d B: window row r, value ν at (6r + ν) · lanes
        for i in 0..<tilesHigh {
            var j0 = 0
            while j0 < tilesWide {
                let count = WinogradTiles.lanesToStore(i: i, j0: j0, tilesHigh: tilesHigh, tilesWide: tilesWide)
                for r in 0..<6 {  // d B, row by row: window row r is padded row 4i + r
                    let line = UnsafePointer(scratch + (4 * i + r) * pitch + 4 * j0)
                    let (low, high) = (columns(line), columns(line + 4))
                    storeSix(inputTransform((low.0, low.1, low.2, low.3, high.0, high.1)), rows + 6 * r * lanes, stride: lanes)
                }
                let target = v + i * tilesWide + j0
                for nu in 0..<6 {  // Bᵀ (d B), column by column: value 6ξ + ν
                    let column = inputTransform(loadSix(rows + nu * lanes, stride: 6 * lanes))
                    storeSix(column, target + nu * matrixStride, stride: 6 * matrixStride, count: count)
                }
                j0 += lanes
            }
        }
    }

    /// dx = Σ over windows of B dV Bᵀ for one input plane [height, width] (overwritten): the adjoint
    /// of `transformInput`, reading `dv` as it writes `v`. Overlapping windows add up tile by tile in
    /// row-major order; padding positions are dropped.
    ///
    /// The sums are kept by column phase (`phaseRowLength`): padded column 4m + φ of padded row k
    /// (image row k − 1, column 4m + φ − 1) is entry m of phase row 4k + φ, so window column q of eight
    /// adjacent tiles is one vector add — at entries j of phase q for q < 4, at entries j + 1 of
    /// phase q − 4 for q = 4, 5 — and the columns are interleaved once, when the plane is written.
    public static func scatterInputGradient(_ dv: UnsafePointer<Float>, matrixStride: Int, tilesHigh: Int, tilesWide: Int,
                                            height: Int, width: Int, into dx: UnsafeMutablePointer<Float>,
                                            scratch: UnsafeMutablePointer<Float>) {
        let length = phaseRowLength(tilesWide), phaseRows = 4 * (4 * tilesHigh + 2)
        let sums = scratch, rows = scratch + phaseRows * length
        sums.update(repeating: 0, count: phaseRows * length)
        for i in 0..<tilesHigh {
            var j0 = 0
            while j0 < tilesWide {
                // Lanes past the tile row read other tiles' values (or none): they add zeros.
                let keep = firstLanesMask(count: min(lanes, tilesWide - j0))
                let source = dv + i * tilesWide + j0
                for nu in 0..<6 {  // B dV, column by column
                    let c = loadSix(source + nu * matrixStride, stride: 6 * matrixStride)
                    let column = (c.0.keeping(keep), c.1.keeping(keep), c.2.keeping(keep), c.3.keeping(keep), c.4.keeping(keep), c.5.keeping(keep))
                    storeSix(inputTransformAdjoint(column), rows + nu * lanes, stride: 6 * lanes)
                }
                for r in 0..<6 {  // (B dV) Bᵀ, row by row, added into window row r (padded row 4i + r)
                    let c = inputTransformAdjoint(loadSix(rows + 6 * r * lanes, stride: lanes))
                    let phase = sums + 4 * (4 * i + r) * length + j0
                    add(c.0, to: phase); add(c.1, to: phase + length); add(c.2, to: phase + 2 * length); add(c.3, to: phase + 3 * length)
                    add(c.4, to: phase + 1); add(c.5, to: phase + length + 1)
                }
                j0 += lanes
            }
        }
        // Image column 32b + m is padded column 32b + m + 1: phases 1, 2, 3 at entry 8b + m/4 and
        // phase 0 at entry 8b + m/4 + 1.
        for y in 0..<height {
            let phase = UnsafePointer(sums + 4 * (y + 1) * length), line = dx + y * width
            var x0 = 0
            while x0 < width {
                let e = x0 / 4
                let values = interleaved((loadLanes(phase + length + e), loadLanes(phase + 2 * length + e),
                                          loadLanes(phase + 3 * length + e), loadLanes(phase + e + 1)))
                storePrefix(values, line + x0, count: min(4 * lanes, width - x0))
                x0 += 4 * lanes
            }
        }
    }

    /// Entries of one phase row of `scatterInputGradient`'s sums: the tiles, the overhang of the last
    /// block of eight and the entry after it.
    static func phaseRowLength(_ tilesWide: Int) -> Int { tilesWide + 2 * lanes + 2 }

    /// Y = Aᵀ M A for every tile of one output plane [height, width], reading value t of tile (i, j)
    /// at `m[t · matrixStride + i · tilesWide + j]`; outputs beyond the plane are dropped.
    public static func transformOutput(_ m: UnsafePointer<Float>, matrixStride: Int, tilesHigh: Int, tilesWide: Int,
                                       height: Int, width: Int, into y: UnsafeMutablePointer<Float>,
                                       scratch: UnsafeMutablePointer<Float>) {
        let rows = scratch  // Aᵀ M: output row r, value ν at (6r + ν) · lanes
        for i in 0..<tilesHigh {
            var j0 = 0
            while j0 < tilesWide {
                let source = m + i * tilesWide + j0
                for nu in 0..<6 {  // Aᵀ M, column by column
                    let column = outputTransform(loadSix(source + nu * matrixStride, stride: 6 * matrixStride))
                    storeFour(column, rows + nu * lanes, stride: 6 * lanes)
                }
                let columnsLeft = min(4 * lanes, width - 4 * j0)
                for r in 0..<4 where 4 * i + r < height {  // (Aᵀ M) A, row by row
                    let outputs = interleaved(outputTransform(loadSix(rows + 6 * r * lanes, stride: lanes)))
                    storePrefix(outputs, y + (4 * i + r) * width + 4 * j0, count: columnsLeft)
                }
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
        WinogradTiles.paddedCopy(dy, height: height, width: width, firstRow: 0, rows: 4 * tilesHigh, shift: 0,
                                 pitch: pitch, into: scratch)
        let rows = scratch + (4 * tilesHigh + 2) * pitch  // e Aᵀ: gradient row r, value ν at (6r + ν) · lanes
        for i in 0..<tilesHigh {
            var j0 = 0
            while j0 < tilesWide {
                let count = WinogradTiles.lanesToStore(i: i, j0: j0, tilesHigh: tilesHigh, tilesWide: tilesWide)
                for r in 0..<4 {  // e Aᵀ, row by row
                    let line = UnsafePointer(scratch + (4 * i + r) * pitch + 4 * j0)
                    storeSix(outputTransformAdjoint(columns(line)), rows + 6 * r * lanes, stride: lanes)
                }
                let target = dm + i * tilesWide + j0
                for nu in 0..<6 {  // A (e Aᵀ), column by column: value 6ξ + ν
                    let column = outputTransformAdjoint(loadFour(rows + nu * lanes, stride: 6 * lanes))
                    storeSix(column, target + nu * matrixStride, stride: 6 * matrixStride, count: count)
                }
                j0 += lanes
            }
        }
    }

    /// Adds eight floats to those at `pointer`.
    @inline(__always)
    private static func add(_ values: Lanes, to pointer: UnsafeMutablePointer<Float>) {
        storeLanes(loadLanes(pointer) + values, pointer)
    }
}
