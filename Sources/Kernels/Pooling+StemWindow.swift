/// Max pooling with torchvision ResNet's stem window — 3×3, stride 2, padding 1 — eight outputs
/// per vector. Window column c of output column o is input column 2o − 1 + c: the even and odd
/// lanes of two 16-float loads of a row copied with −∞ around it. Each lane visits its window in
/// the scalar loops' order (rows, then columns) with their rule — take a value that is greater
/// or NaN — and padding, being −∞, is never taken: values and indices equal `maxForward`'s and
/// `maxIndices`' general loops bit for bit (`PoolingAndParallelTests`).
extension Pooling {
    /// Whether the stem's window takes the vector loops (tests switch it off to compare).
    nonisolated(unsafe) static var vectorisesStemWindow = true

    /// Whether `kernel`, `stride` and `padding` are the stem's window, and it takes the vector loops.
    static func isStemWindow(kernel: Int, stride: Int, padding: Int) -> Bool {
        vectorisesStemWindow && kernel == 3 && stride == 2 && padding == 1
    }

    /// Columns of a padded row copy: room for the 16-float loads at 2o and 2o + 2 of the last
    /// block of eight outputs.
    private static func stemPitch(outWidth: Int) -> Int { 2 * ((outWidth + 7) / 8) * 8 + 18 }

    /// The maximum (into `values`) and its flat input index (into `indices`) of every stem window of
    /// `planes` planes [height, width]; either output may be nil.
    static func stemWindowMaxima(_ x: UnsafePointer<Float>, planes: Int, height h: Int, width w: Int,
                                 values: UnsafeMutablePointer<Float>?, indices: UnsafeMutablePointer<Int32>?) {
        let ho = outSize(h, kernel: 3, stride: 2, padding: 1), wo = outSize(w, kernel: 3, stride: 2, padding: 1)
        let pitch = stemPitch(outWidth: wo), paddedRows = h + 2
        let (xp, vp, ip) = (SendablePointer(x), values.map(SendablePointer.init), indices.map(SendablePointer.init))
        Parallel.forEachChunk(planes, cost: planes * ho * wo * 9) { _, range in
            withUnsafeTemporaryAllocation(of: Float.self, capacity: paddedRows * pitch) { buffer in
                let padded = buffer.baseAddress!
                for plane in range {
                    // Padded row k, column c hold input row k − 1, column c − 1 (−∞ outside).
                    padded.update(repeating: -.infinity, count: paddedRows * pitch)
                    for row in 0..<h { (padded + (row + 1) * pitch + 1).update(from: xp[plane * h * w + row * w], count: w) }
                    for oh in 0..<ho {
                        var ow0 = 0
                        while ow0 < wo {
                            let (best, at) = stemBlock(padded, pitch: pitch, oh: oh, ow0: ow0, planeStart: plane * h * w, width: w)
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

    /// The maxima and their indices of the windows of outputs (oh, ow0 ..< ow0 + 8).
    @inline(__always)
    private static func stemBlock(_ padded: UnsafeMutablePointer<Float>, pitch: Int, oh: Int, ow0: Int,
                                  planeStart: Int, width w: Int) -> (SIMD8<Float>, SIMD8<Int32>) {
        let lane = SIMD8<Int32>(0, 1, 2, 3, 4, 5, 6, 7)
        let firstColumn = SIMD8<Int32>(repeating: Int32(2 * ow0 - 1)) &+ 2 &* lane  // 2o − 1
        // The first in-window position, the answer when every value is −∞.
        let firstRow = max(2 * oh - 1, 0)
        var at = SIMD8<Int32>(repeating: Int32(planeStart + firstRow * w)) &+ firstColumn.replacing(with: 0, where: firstColumn .< 0)
        var best = SIMD8<Float>(repeating: -.infinity)
        for dy in 0..<3 {
            let line = UnsafeRawPointer(padded + (2 * oh + dy) * pitch + 2 * ow0)
            let low = line.loadUnaligned(as: SIMD16<Float>.self)
            let high = line.loadUnaligned(fromByteOffset: 2 * MemoryLayout<Float>.stride, as: SIMD16<Float>.self)
            let rowStart = SIMD8<Int32>(repeating: Int32(planeStart + (2 * oh - 1 + dy) * w)) &+ firstColumn
            func visit(_ value: SIMD8<Float>, column dx: Int32) {
                let taken = (value .> best) .| (value .!= value)
                best.replace(with: value, where: taken)
                at.replace(with: rowStart &+ dx, where: taken)
            }
            visit(low.evenHalf, column: 0); visit(low.oddHalf, column: 1); visit(high.evenHalf, column: 2)
        }
        return (best, at)
    }

    /// Stores the first `count` lanes of `vector` at `pointer`.
    @inline(__always)
    private static func storePrefix<V: SIMD>(_ vector: V, _ pointer: UnsafeMutablePointer<V.Scalar>, count: Int) {
        if count == V.scalarCount { return UnsafeMutableRawPointer(pointer).storeBytes(of: vector, as: V.self) }
        for lane in 0..<count { pointer[lane] = vector[lane] }
    }
}
