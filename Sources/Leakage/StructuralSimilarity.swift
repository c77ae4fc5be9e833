import Autodiff
import Kernels

/// The structural similarity index (SSIM) exactly as scikit-image's default
/// `skimage.metrics.structural_similarity` computes it on 2-D planes (docs/PAPER.md "Measuring leakage"):
///
///     S = (2 μx μy + C1)(2 σxy + C2) / ((μx² + μy² + C1)(σx² + σy² + C2)),
///     C1 = (K1 · dataRange)², C2 = (K2 · dataRange)²,
///
/// with μ, σ², σxy the uniform 7×7 window means, variances and covariance (each (co)variance
/// multiplied by NP/(NP − 1), NP = 49, `use_sample_covariance=True`), and the result the mean of S
/// over the valid region: the window positions left after scikit-image crops (7 − 1)/2 = 3 pixels
/// from every border. Multichannel images (`[C, H, W]`) give the mean of the per-channel SSIMs, as
/// scikit-image does with `channel_axis` set. All sums run in Float64.
///
/// The data range is always explicit (scikit-image refuses to guess it for floating-point images);
/// the companion code uses 256 on 0…255 images (`ImagePlanes.companionDataRange`).
public enum StructuralSimilarity {
    /// Mean SSIM over channels of two images of the same shape.
    public static func ssim(_ a: ImagePlanes, _ b: ImagePlanes, dataRange: Double,
                            configuration: SSIMConfiguration = .scikitImageDefault) throws(LeakageError) -> Double {
        let perChannel = try perChannel(a, b, dataRange: dataRange, configuration: configuration)
        return perChannel.reduce(0, +) / Double(perChannel.count)
    }

    /// SSIM of each channel plane (scikit-image called on each 2-D plane separately).
    public static func perChannel(_ a: ImagePlanes, _ b: ImagePlanes, dataRange: Double,
                                  configuration: SSIMConfiguration = .scikitImageDefault) throws(LeakageError) -> [Double] {
        let function = "ssim"
        try a.requireSameShape(as: b, function: function)
        try SSIMConfiguration.requireDataRange(dataRange, function: function)
        let pa = try PreparedSSIMImage(a, configuration: configuration, context: function)
        let pb = try PreparedSSIMImage(b, configuration: configuration, context: function)
        return try perChannel(pa, pb, dataRange: dataRange)
    }

    /// Mean SSIM over channels of two prepared images (same shape and configuration).
    public static func ssim(_ a: PreparedSSIMImage, _ b: PreparedSSIMImage, dataRange: Double) throws(LeakageError) -> Double {
        let perChannel = try perChannel(a, b, dataRange: dataRange)
        return perChannel.reduce(0, +) / Double(perChannel.count)
    }

    /// Per-channel SSIM of two prepared images (same shape and configuration).
    public static func perChannel(_ a: PreparedSSIMImage, _ b: PreparedSSIMImage, dataRange: Double) throws(LeakageError) -> [Double] {
        let function = "ssim"
        try a.image.requireSameShape(as: b.image, function: function)
        try SSIMConfiguration.requireDataRange(dataRange, function: function)
        guard a.configuration == b.configuration else {
            throw LeakageError(function, "images were prepared with different SSIM configurations \(a.configuration) and \(b.configuration)")
        }
        var workspace = PairWorkspace(a)
        return (0..<a.image.channels).map { pairChannel(a, b, channel: $0, dataRange: dataRange, workspace: &workspace) }
    }

    /// `ssim` on tensors of shape `[H, W]`, `[C, H, W]` or `[1, C, H, W]`.
    public static func ssim(_ a: Tensor, _ b: Tensor, dataRange: Double,
                            configuration: SSIMConfiguration = .scikitImageDefault) throws(LeakageError) -> Double {
        try ssim(ImagePlanes(a, context: "ssim"), ImagePlanes(b, context: "ssim"), dataRange: dataRange, configuration: configuration)
    }

    /// `ssim` on raw pixels sharing one shape (`[H, W]`, `[C, H, W]` or `[1, C, H, W]`).
    public static func ssim(_ a: [Float], _ b: [Float], shape: [Int], dataRange: Double,
                            configuration: SSIMConfiguration = .scikitImageDefault) throws(LeakageError) -> Double {
        try ssim(ImagePlanes(pixels: a, shape: shape, context: "ssim"), ImagePlanes(pixels: b, shape: shape, context: "ssim"),
                 dataRange: dataRange, configuration: configuration)
    }

    /// The matrix `M[i][j] = SSIM(rows[i], columns[j])`, each image prepared once and the pairs
    /// spread over `Parallel.threadCount` threads.
    public static func matrix(rows: [ImagePlanes], columns: [ImagePlanes], dataRange: Double,
                              configuration: SSIMConfiguration = .scikitImageDefault) throws(LeakageError) -> [[Double]] {
        let function = "ssimMatrix"
        var preparedRows: [PreparedSSIMImage] = [], preparedColumns: [PreparedSSIMImage] = []
        for image in rows { preparedRows.append(try PreparedSSIMImage(image, configuration: configuration, context: function)) }
        for image in columns { preparedColumns.append(try PreparedSSIMImage(image, configuration: configuration, context: function)) }
        return try matrix(rows: preparedRows, columns: preparedColumns, dataRange: dataRange)
    }

    /// `matrix` on already prepared images.
    public static func matrix(rows: [PreparedSSIMImage], columns: [PreparedSSIMImage], dataRange: Double) throws(LeakageError) -> [[Double]] {
        let function = "ssimMatrix"
        guard !rows.isEmpty, !columns.isEmpty else {
            throw LeakageError(function, "needs at least one image on each side, got \(rows.count) × \(columns.count)")
        }
        try SSIMConfiguration.requireDataRange(dataRange, function: function)
        let reference = rows[0]
        for (k, image) in (rows + columns).enumerated() {
            guard image.image.shape == reference.image.shape, image.configuration == reference.configuration else {
                throw LeakageError(function, "image \(k) has shape \(image.image.shape) (configuration \(image.configuration)); "
                    + "image 0 has \(reference.image.shape) (\(reference.configuration)); all must match")
            }
        }
        let n = rows.count, m = columns.count
        var flat = [Double](repeating: 0, count: n * m)
        let cost = n * m * reference.image.pixels.count * 4 * reference.configuration.windowSize
        flat.withUnsafeMutableBufferPointer { buffer in
            let out = SendablePointer(buffer.baseAddress!)
            Parallel.forEachChunk(n * m, cost: cost) { _, range in
                var workspace = PairWorkspace(reference)
                for index in range {
                    let a = rows[index / m], b = columns[index % m]
                    var total = 0.0
                    for c in 0..<a.image.channels {
                        total += pairChannel(a, b, channel: c, dataRange: dataRange, workspace: &workspace)
                    }
                    out[index].pointee = total / Double(a.image.channels)
                }
            }
        }
        return (0..<n).map { Array(flat[($0 * m)..<(($0 + 1) * m)]) }
    }

    /// Scratch buffers for one pair evaluation, reused across pairs of the same shape.
    struct PairWorkspace {
        var columnProducts: [Double]
        var windowProducts: [Double]
        init(_ prepared: PreparedSSIMImage) {
            columnProducts = [Double](repeating: 0, count: prepared.image.width)
            windowProducts = [Double](repeating: 0, count: prepared.validWidth)
        }
    }

    /// SSIM of one channel of two validated, prepared images: box-filters x·y and combines it with
    /// the precomputed means and variances; mean of S over the valid region.
    static func pairChannel(_ a: PreparedSSIMImage, _ b: PreparedSSIMImage, channel c: Int, dataRange: Double,
                            workspace: inout PairWorkspace) -> Double {
        let config = a.configuration
        let w = config.windowSize, vh = a.validHeight, vw = a.validWidth, width = a.image.width
        let inverseNP = 1 / Double(config.windowPixels), norm = config.covarianceNormalisation
        let c1 = (config.k1 * dataRange) * (config.k1 * dataRange)
        let c2 = (config.k2 * dataRange) * (config.k2 * dataRange)
        let plane = c * a.image.planeCount
        var total = 0.0
        a.image.pixels.withUnsafeBufferPointer { xBuffer in
        b.image.pixels.withUnsafeBufferPointer { yBuffer in
        a.means[c].withUnsafeBufferPointer { meanX in
        b.means[c].withUnsafeBufferPointer { meanY in
        a.variances[c].withUnsafeBufferPointer { varX in
        b.variances[c].withUnsafeBufferPointer { varY in
        workspace.columnProducts.withUnsafeMutableBufferPointer { columns in
        workspace.windowProducts.withUnsafeMutableBufferPointer { windows in
            let x = xBuffer.baseAddress! + plane, y = yBuffer.baseAddress! + plane
            for i in 0..<vh {
                BoxSums.verticalProduct(x + i * width, y + i * width, width: width, window: w, into: columns.baseAddress!)
                BoxSums.horizontal(columns.baseAddress!, validWidth: vw, window: w, into: windows.baseAddress!)
                var rowTotal = 0.0
                for j in 0..<vw {
                    let k = i * vw + j
                    let ux = meanX[k], uy = meanY[k]
                    let covariance = norm * (windows[j] * inverseNP - ux * uy)
                    let numerator = (2 * ux * uy + c1) * (2 * covariance + c2)
                    let denominator = (ux * ux + uy * uy + c1) * (varX[k] + varY[k] + c2)
                    rowTotal += numerator / denominator
                }
                total += rowTotal
            }
        }}}}}}}}
        return total / Double(vh * vw)
    }
}
