/// An image with its SSIM window statistics precomputed: per channel, the window mean μ and the
/// (normalised) window variance over every position where the whole window lies inside the image.
/// SSIM against many other images then costs one box filter (of the product x·y) per pair instead of
/// five, which is what makes the RDLV and IIP similarity matrices cheap.
///
/// Only window positions fully inside the image are kept. scikit-image filters with
/// `scipy.ndimage.uniform_filter` in 'reflect' mode and then crops (windowSize − 1)/2 pixels from
/// every border before averaging; the cropped-to positions are exactly the windows that never touch
/// the reflected border, so the valid-region box sums here give the same numbers.
public struct PreparedSSIMImage: Sendable {
    /// The image the statistics belong to.
    public let image: ImagePlanes
    /// The configuration the statistics were computed with.
    public let configuration: SSIMConfiguration
    /// Valid window rows (`height − windowSize + 1`) and columns (`width − windowSize + 1`).
    let validHeight: Int, validWidth: Int
    /// Per channel, `validHeight × validWidth` window means.
    let means: [[Double]]
    /// Per channel, window variances `norm · (E[x²] − μ²)` (norm = NP/(NP − 1) for sample covariance).
    let variances: [[Double]]

    /// Computes the window statistics of `image`; throws if the image is smaller than the window.
    public init(_ image: ImagePlanes, configuration: SSIMConfiguration = .scikitImageDefault,
                context: String = "PreparedSSIMImage") throws(LeakageError) {
        try configuration.validate(function: context)
        try configuration.requireFits(image.shape, function: context)
        let w = configuration.windowSize
        let vh = image.height - w + 1, vw = image.width - w + 1
        let inverseNP = 1 / Double(configuration.windowPixels)
        let norm = configuration.covarianceNormalisation
        var means: [[Double]] = [], variances: [[Double]] = []
        var columnSums = [Double](repeating: 0, count: image.width), columnSquares = columnSums
        var windowSums = [Double](repeating: 0, count: vw), windowSquares = windowSums
        for c in 0..<image.channels {
            var mean = [Double](repeating: 0, count: vh * vw)
            var variance = [Double](repeating: 0, count: vh * vw)
            image.pixels.withUnsafeBufferPointer { px in
                let plane = px.baseAddress! + c * image.planeCount
                for i in 0..<vh {
                    BoxSums.vertical(plane + i * image.width, width: image.width, window: w,
                                     sums: &columnSums, squares: &columnSquares)
                    BoxSums.horizontal(columnSums, validWidth: vw, window: w, into: &windowSums)
                    BoxSums.horizontal(columnSquares, validWidth: vw, window: w, into: &windowSquares)
                    for j in 0..<vw {
                        let mu = windowSums[j] * inverseNP
                        mean[i * vw + j] = mu
                        variance[i * vw + j] = norm * (windowSquares[j] * inverseNP - mu * mu)
                    }
                }
            }
            means.append(mean)
            variances.append(variance)
        }
        self.image = image
        self.configuration = configuration
        self.validHeight = vh
        self.validWidth = vw
        self.means = means
        self.variances = variances
    }
}

/// Valid-region box sums (no padding) of a plane, computed separably in Float64: first down the
/// columns (contiguous, vectorisable), then along the row. Direct window sums rather than running
/// sums, so no rounding drift.
enum BoxSums {
    /// Column sums of `window` rows starting at `rows` (a pointer to the top row of the window):
    /// `sums[x] = Σ_k v[k, x]` and `squares[x] = Σ_k v[k, x]²`.
    static func vertical(_ rows: UnsafePointer<Float>, width: Int, window: Int,
                         sums: inout [Double], squares: inout [Double]) {
        sums.withUnsafeMutableBufferPointer { s in
            squares.withUnsafeMutableBufferPointer { q in
                for x in 0..<width { let v = Double(rows[x]); s[x] = v; q[x] = v * v }
                for k in 1..<window {
                    let row = rows + k * width
                    for x in 0..<width { let v = Double(row[x]); s[x] += v; q[x] += v * v }
                }
            }
        }
    }

    /// Column sums of the product `x · y` over `window` rows starting at the given row pointers.
    static func verticalProduct(_ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, width: Int, window: Int,
                                into sums: UnsafeMutablePointer<Double>) {
        for i in 0..<width { sums[i] = Double(x[i]) * Double(y[i]) }
        for k in 1..<window {
            let rx = x + k * width, ry = y + k * width
            for i in 0..<width { sums[i] += Double(rx[i]) * Double(ry[i]) }
        }
    }

    /// Window sums along a row of column sums: `out[j] = Σ_{k<window} columns[j + k]`, j < validWidth.
    static func horizontal(_ columns: UnsafePointer<Double>, validWidth: Int, window: Int, into out: UnsafeMutablePointer<Double>) {
        for j in 0..<validWidth { out[j] = columns[j] }
        for k in 1..<window {
            let shifted = columns + k
            for j in 0..<validWidth { out[j] += shifted[j] }
        }
    }

    /// `horizontal` on arrays.
    static func horizontal(_ columns: [Double], validWidth: Int, window: Int, into out: inout [Double]) {
        columns.withUnsafeBufferPointer { c in
            out.withUnsafeMutableBufferPointer { o in
                horizontal(c.baseAddress!, validWidth: validWidth, window: window, into: o.baseAddress!)
            }
        }
    }
}
