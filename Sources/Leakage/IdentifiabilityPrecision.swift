import Kernels

/// Image Identifiability Precision (IIP) of GradInversion (Yin et al. 2021), as breaching implements
/// it (docs/PAPER.md "Measuring leakage"): for each reconstruction find its nearest neighbour in a pool of
/// images (the client's images plus other images) under a distance; IIP is the fraction of
/// reconstructions whose nearest neighbour is their true source image.
///
/// Nearest neighbour ties go to the lowest pool index (`argmin`). A reconstruction also counts as
/// identified when its nearest neighbour is a pixel-identical duplicate of the source (breaching
/// accepts any nearest neighbour within 1e-3 of the true image). The denominator is the number of
/// reconstructions.
public enum IdentifiabilityPrecision {
    /// The distance under which nearest neighbours are taken.
    public enum Distance: Sendable, Equatable {
        /// Mean squared pixel error (the same ordering as breaching's 'pixel' L2 score).
        case meanSquaredError
        /// 1 − SSIM with an explicit data range (scikit-image's default SSIM unless configured).
        case oneMinusSSIM(dataRange: Double, configuration: SSIMConfiguration = .scikitImageDefault)
    }

    /// The matrix `d[r][k]` = distance(reconstruction r, pool image k).
    public static func distances(from reconstructions: [ImagePlanes], to pool: [ImagePlanes],
                                 distance: Distance) throws(LeakageError) -> [[Double]] {
        let function = "IdentifiabilityPrecision.distances"
        guard !reconstructions.isEmpty, !pool.isEmpty else {
            throw LeakageError(function, "needs reconstructions and a pool, got \(reconstructions.count) and \(pool.count)")
        }
        let shape = pool[0].shape
        for (k, image) in (reconstructions + pool).enumerated() where image.shape != shape {
            let role = k < reconstructions.count ? "reconstruction \(k)" : "pool image \(k - reconstructions.count)"
            throw LeakageError(function, "\(role) has shape \(image.shape) but pool image 0 has \(shape)")
        }
        switch distance {
        case let .oneMinusSSIM(dataRange, configuration):
            return try StructuralSimilarity.matrix(rows: reconstructions, columns: pool, dataRange: dataRange,
                                                   configuration: configuration).map { $0.map { 1 - $0 } }
        case .meanSquaredError:
            let n = reconstructions.count, m = pool.count, pixels = shape.reduce(1, *)
            var flat = [Double](repeating: 0, count: n * m)
            flat.withUnsafeMutableBufferPointer { buffer in
                let out = SendablePointer(buffer.baseAddress!)
                Parallel.forEach(n * m, cost: n * m * pixels * 3) { index in
                    let a = reconstructions[index / m].pixels, b = pool[index % m].pixels
                    var sum = 0.0
                    for p in 0..<pixels {
                        let d = Double(a[p]) - Double(b[p])
                        sum += d * d
                    }
                    out[index].pointee = sum / Double(pixels)
                }
            }
            return (0..<n).map { Array(flat[($0 * m)..<(($0 + 1) * m)]) }
        }
    }

    /// IIP when each reconstruction's source is known: `sourcePoolIndices[r]` is the pool index of
    /// the image reconstruction r came from.
    public static func evaluate(reconstructions: [ImagePlanes], pool: [ImagePlanes], sourcePoolIndices: [Int],
                                distance: Distance) throws(LeakageError) -> IIPResult {
        let function = "IdentifiabilityPrecision.evaluate"
        guard sourcePoolIndices.count == reconstructions.count else {
            throw LeakageError(function, "\(reconstructions.count) reconstructions but \(sourcePoolIndices.count) source indices")
        }
        if let bad = sourcePoolIndices.first(where: { !pool.indices.contains($0) }) {
            throw LeakageError(function, "source index \(bad) is outside the pool of \(pool.count) images")
        }
        let matrix = try distances(from: reconstructions, to: pool, distance: distance)
        return result(matrix, pool: pool, sources: sourcePoolIndices)
    }

    /// IIP for a batch reconstruction, whose output order is arbitrary: each reconstruction's source is
    /// the client image (pool indices `clientPoolIndices`) it is paired with by the one-to-one matching
    /// minimising the total distance (Hungarian algorithm). Needs at most as many reconstructions as
    /// client images, so every reconstruction gets a source.
    public static func evaluateBatch(reconstructions: [ImagePlanes], pool: [ImagePlanes], clientPoolIndices: [Int],
                                     distance: Distance) throws(LeakageError) -> IIPResult {
        let function = "IdentifiabilityPrecision.evaluateBatch"
        guard !clientPoolIndices.isEmpty, reconstructions.count <= clientPoolIndices.count else {
            throw LeakageError(function, "\(reconstructions.count) reconstructions need at least as many client images, "
                + "got \(clientPoolIndices.count)")
        }
        if let bad = clientPoolIndices.first(where: { !pool.indices.contains($0) }) {
            throw LeakageError(function, "client index \(bad) is outside the pool of \(pool.count) images")
        }
        guard Set(clientPoolIndices).count == clientPoolIndices.count else {
            throw LeakageError(function, "client pool indices \(clientPoolIndices) contain duplicates")
        }
        let matrix = try distances(from: reconstructions, to: pool, distance: distance)
        let clientDistances = matrix.map { row in clientPoolIndices.map { row[$0] } }
        let assignment = try OptimalAssignment.solve(clientDistances, maximise: false, function: function)
        let sources = assignment.columnForRow.map { clientPoolIndices[$0!] }
        return result(matrix, pool: pool, sources: sources)
    }

    static func result(_ matrix: [[Double]], pool: [ImagePlanes], sources: [Int]) -> IIPResult {
        var nearest: [Int] = [], identified: [Bool] = []
        for (r, row) in matrix.enumerated() {
            var best = 0
            for k in row.indices where row[k] < row[best] { best = k }
            nearest.append(best)
            identified.append(best == sources[r] || pool[best].pixels == pool[sources[r]].pixels)
        }
        let hits = identified.filter { $0 }.count
        return IIPResult(distances: matrix, nearestPoolIndex: nearest, sourcePoolIndex: sources,
                         identified: identified, precision: Double(hits) / Double(matrix.count))
    }
}

/// The outcome of an IIP evaluation.
public struct IIPResult: Sendable, Equatable {
    /// `distances[r][k]` between reconstruction r and pool image k.
    public let distances: [[Double]]
    /// Each reconstruction's nearest pool image.
    public let nearestPoolIndex: [Int]
    /// Each reconstruction's true source in the pool (given, or from the batch matching).
    public let sourcePoolIndex: [Int]
    /// Whether each reconstruction's nearest neighbour is its source (or a pixel-identical duplicate).
    public let identified: [Bool]
    /// IIP: the fraction of reconstructions identified.
    public let precision: Double
}
