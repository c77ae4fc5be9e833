import VectorKernels

/// Max pooling with torchvision ResNet's stem window — 3×3, stride 2, padding 1 — eight outputs
/// per vector. Window column c of output column o is input column 2o − 1 + c. Each input row is
/// first split into its even and odd columns (E[k] = row[2k], O[k] = row[2k + 1], with −∞ past the
/// row), so the window's three columns 2o − 1, 2o, 2o + 1 of eight adjacent outputs are three
/// contiguous vectors — O[o − 1], E[o], O[o] — with no shuffles in the inner loop.
///
/// Each lane visits its window in the scalar loops' order (rows, then columns) with their rule —
/// take a value that is greater or NaN — and padding, being −∞, is never taken: values and
/// indices equal `maxForward`'s and `maxIndices`' general loops bit for bit
/// (`PoolingStemWindowTests`).
extension Pooling {
    /// Whether the stem's window takes the vector loops (tests switch it off to compare).
    nonisolated(unsafe) static var vectorisesStemWindow = true

    /// Whether `kernel`, `stride` and `padding` are the stem's window, and it takes the vector loops.
    static func isStemWindow(kernel: Int, stride: Int, padding: Int) -> Bool {
        vectorisesStemWindow && kernel == 3 && stride == 2 && padding == 1
    }

    /// Floats per split row: E at offset 0 and O (after one leading −∞) at offset `pitch`, each
    /// with room for the vector loads of the last block of eight outputs.
    private static func splitPitch(outWidth: Int) -> Int { (outWidth + 7) / 8 * 8 + 8 }

    /// The maximum (into `values`) and its flat input index (into `indices`) of every stem window of
    /// `planes` planes [height, width]; either output may be nil.
    static func stemWindowMaxima(_ x: UnsafePointer<Float>, planes: Int, height h: Int, width w: Int,
                                 values: UnsafeMutablePointer<Float>?, indices: UnsafeMutablePointer<Int32>?) {
        let ho = outSize(h, kernel: 3, stride: 2, padding: 1), wo = outSize(w, kernel: 3, stride: 2, padding: 1)
        let pitch = splitPitch(outWidth: wo)
        let (xp, vp, ip) = (SendablePointer(x), values.map(SendablePointer.init), indices.map(SendablePointer.init))
        Parallel.forEachChunk(planes, cost: planes * ho * wo * 9) { _, range in
            withUnsafeTemporaryAllocation(of: Float.self, capacity: h * 2 * pitch) { buffer in
                let split = buffer.baseAddress!
                for plane in range {
                    let planeStart = plane * h * w
                    for row in 0..<h { splitColumns(xp[planeStart + row * w], width: w, into: split + row * 2 * pitch, pitch: pitch) }
                    for oh in 0..<ho {
                        var ow0 = 0
                        while ow0 < wo {
                            let (best, at) = stemBlock(split, pitch: pitch, oh: oh, ow0: ow0, height: h, planeStart: planeStart, width: w)
                            let count = min(8, wo - ow0), output = (plane * ho + oh) * wo + ow0
                            if let vp { storePrefix(best, vp[output], count: count) }
                            if let ip { storePrefix(at, ip[output], count: count) }
                            ow0 += 8
                        }
                    }
                }
            }
        }
    }

    /// E[k] = row[2k] at `split[k]` and O[k] = row[2k + 1] at `split[pitch + 1 + k]`, with
    /// `split[pitch]` and every entry past the row −∞.
    @inline(__always)
    private static func splitColumns(_ row: UnsafePointer<Float>, width w: Int, into split: UnsafeMutablePointer<Float>, pitch: Int) {
        let (even, odd) = (split, split + pitch + 1)
        let evens = (w + 1) / 2, odds = w / 2
        for k in 0..<odds { even[k] = row[2 * k]; odd[k] = row[2 * k + 1] }
        if evens > odds { even[odds] = row[2 * odds] }
        (even + evens).update(repeating: -.infinity, count: pitch - evens)
        split[pitch] = -.infinity
        (odd + odds).update(repeating: -.infinity, count: pitch - 1 - odds)
    }

    /// The maxima and their indices of the windows of outputs (oh, ow0 ..< ow0 + 8).
    @inline(__always)
    private static func stemBlock(_ split: UnsafeMutablePointer<Float>, pitch: Int, oh: Int, ow0: Int, height h: Int,
                                  planeStart: Int, width w: Int) -> (SIMD8<Float>, SIMD8<Int32>) {
        let lane = SIMD8<Int32>(0, 1, 2, 3, 4, 5, 6, 7)
        let firstColumn = SIMD8<Int32>(repeating: Int32(2 * ow0 - 1)) &+ 2 &* lane  // 2o − 1
        // The first in-window position, the answer when every value is −∞. Only output column 0
        // starts left of the plane (a lane assignment: a masked `replacing` compiles to a slow
        // lane-by-lane loop here).
        var firstInWindow = firstColumn
        if ow0 == 0 { firstInWindow[0] = 0 }
        let firstRow = max(2 * oh - 1, 0)
        var at = SIMD8<Int32>(repeating: Int32(planeStart + firstRow * w)) &+ firstInWindow
        var best = SIMD8<Float>(repeating: -.infinity)
        for row in firstRow..<min(2 * oh + 2, h) {
            let even = UnsafeRawPointer(split + row * 2 * pitch + ow0), odd = UnsafeRawPointer(split + row * 2 * pitch + pitch + ow0)
            let rowStart = SIMD8<Int32>(repeating: Int32(planeStart + row * w)) &+ firstColumn
            visit(odd.loadUnaligned(as: SIMD8<Float>.self), rowStart, &best, &at)  // O[o − 1]: column 2o − 1
            visit(even.loadUnaligned(as: SIMD8<Float>.self), rowStart &+ 1, &best, &at)  // E[o]: column 2o
            visit(odd.loadUnaligned(fromByteOffset: MemoryLayout<Float>.stride, as: SIMD8<Float>.self), rowStart &+ 2, &best, &at)  // O[o]: 2o + 1
        }
        return (best, at)
    }

    /// Takes `value` (at flat indices `index`) in the lanes where it is greater than `best` or NaN.
    @inline(__always)
    private static func visit(_ value: SIMD8<Float>, _ index: SIMD8<Int32>, _ best: inout SIMD8<Float>, _ at: inout SIMD8<Int32>) {
        let taken = (value .> best) .| (value .!= value)
        best.replace(with: value, where: taken)
        at.replace(with: index, where: taken)
    }
}
