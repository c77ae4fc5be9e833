/// The Relative Data Leakage Value (RDLV) of Hatamizadeh et al. (docs/PAPER.md "Measuring leakage"):
///
///     RDLV(i, r) = (SSIM(x̂_r, x_i) − SSIM(p, x_i)) / SSIM(p, x_i)
///
/// for training image x_i, reconstruction x̂_r and the attack's prior image p. RDLV > 0 means the
/// reconstruction resembles the training image more than the prior alone does. Per training image the
/// best reconstruction is the argmax over r of RDLV (first index on ties, like `np.argmax` in the
/// companion's `compute_rdlv`); the update's RDLV is the max over images; the self-audit gate
/// withholds the update when that exceeds the threshold (NVFlare's `RelativeDataLeakageValueFilter`,
/// threshold 1.0).
///
/// **Undefined values.** The ratio is meaningless when SSIM(p, x_i) is ≤ 0 or ≈ 0: dividing by ~0 makes
/// any tiny SSIM difference explode, and a negative denominator flips the sign (the companion code
/// divides regardless). Here RDLV(i, r) is `nil` for every r when SSIM(p, x_i) ≤
/// `minimumPriorSimilarity` (default 0.01, must be > 0); such images are listed in
/// `RDLVReport.undefinedImages`, have no best match, and do not enter `updateValue`. `LeakageGate`
/// withholds an update with any undefined image (it fails closed).
public enum RelativeDataLeakage {
    /// NVFlare's default gate threshold.
    public static let defaultThreshold: Double = 1.0
    /// Prior similarities at or below this make RDLV undefined for that training image.
    public static let defaultMinimumPriorSimilarity: Double = 0.01

    /// RDLV from precomputed similarities: `similarity[i][r]` = SSIM(x̂_r, x_i) (rows: training images,
    /// columns: reconstructions) and `priorSimilarity[i]` = SSIM(p, x_i). Any similarity measure works;
    /// the paper uses SSIM.
    public static func analyse(similarity: [[Double]], priorSimilarity: [Double],
                               minimumPriorSimilarity: Double = defaultMinimumPriorSimilarity) throws(LeakageError) -> RDLVReport {
        let function = "RelativeDataLeakage.analyse"
        try LeakageError.requireMatrix(similarity, "similarity matrix", function: function)
        guard priorSimilarity.count == similarity.count else {
            throw LeakageError(function, "similarity has \(similarity.count) training-image rows but priorSimilarity has \(priorSimilarity.count) entries")
        }
        try LeakageError.requireFinite(priorSimilarity, "priorSimilarity", function: function)
        guard minimumPriorSimilarity.isFinite, minimumPriorSimilarity > 0 else {
            throw LeakageError(function, "minimumPriorSimilarity must be finite and > 0, got \(minimumPriorSimilarity)")
        }
        var values: [[Double?]] = [], best: [RDLVReport.BestMatch?] = [], undefined: [Int] = []
        for (i, row) in similarity.enumerated() {
            let prior = priorSimilarity[i]
            guard prior > minimumPriorSimilarity else {
                values.append([Double?](repeating: nil, count: row.count))
                best.append(nil)
                undefined.append(i)
                continue
            }
            let rdlv = row.map { ($0 - prior) / prior }
            var bestIndex = 0
            for r in rdlv.indices where rdlv[r] > rdlv[bestIndex] { bestIndex = r }
            values.append(rdlv)
            best.append(RDLVReport.BestMatch(reconstruction: bestIndex, value: rdlv[bestIndex]))
        }
        let update = best.compactMap { $0?.value }.max()
        return RDLVReport(similarity: similarity, priorSimilarity: priorSimilarity, values: values,
                          bestMatches: best, updateValue: update, undefinedImages: undefined,
                          minimumPriorSimilarity: minimumPriorSimilarity)
    }

    /// RDLV of reconstructions against training images, with SSIM (`dataRange` explicit) as the
    /// similarity. Images are used as given: apply the companion conventions first if wanted
    /// (`ImagePlanes.minMaxRescaled()` on reconstructions, `scaledTo255IfUnitRange()` on training
    /// images and prior, `dataRange: ImagePlanes.companionDataRange`).
    public static func analyse(trainingImages: [ImagePlanes], reconstructions: [ImagePlanes], prior: ImagePlanes,
                               dataRange: Double, configuration: SSIMConfiguration = .scikitImageDefault,
                               minimumPriorSimilarity: Double = defaultMinimumPriorSimilarity) throws(LeakageError) -> RDLVReport {
        let function = "RelativeDataLeakage.analyse"
        guard !trainingImages.isEmpty, !reconstructions.isEmpty else {
            throw LeakageError(function, "needs training images and reconstructions, got \(trainingImages.count) and \(reconstructions.count)")
        }
        for (k, image) in (trainingImages + reconstructions).enumerated() where image.shape != prior.shape {
            let role = k < trainingImages.count ? "training image \(k)" : "reconstruction \(k - trainingImages.count)"
            throw LeakageError(function, "\(role) has shape \(image.shape) but the prior has \(prior.shape)")
        }
        var training: [PreparedSSIMImage] = [], recon: [PreparedSSIMImage] = []
        for image in trainingImages { training.append(try PreparedSSIMImage(image, configuration: configuration, context: function)) }
        for image in reconstructions { recon.append(try PreparedSSIMImage(image, configuration: configuration, context: function)) }
        let preparedPrior = try PreparedSSIMImage(prior, configuration: configuration, context: function)
        let similarity = try StructuralSimilarity.matrix(rows: training, columns: recon, dataRange: dataRange)
        let priorSimilarity = try StructuralSimilarity.matrix(rows: training, columns: [preparedPrior], dataRange: dataRange).map { $0[0] }
        return try analyse(similarity: similarity, priorSimilarity: priorSimilarity, minimumPriorSimilarity: minimumPriorSimilarity)
    }
}

/// The result of `RelativeDataLeakage.analyse`: the pairwise matrix and its reductions.
public struct RDLVReport: Sendable, Equatable {
    /// Best reconstruction for one training image.
    public struct BestMatch: Sendable, Equatable {
        /// Index of the reconstruction with the largest RDLV.
        public let reconstruction: Int
        /// Its RDLV.
        public let value: Double
    }

    /// `similarity[i][r]` = SSIM(x̂_r, x_i).
    public let similarity: [[Double]]
    /// `priorSimilarity[i]` = SSIM(p, x_i).
    public let priorSimilarity: [Double]
    /// `values[i][r]` = RDLV(i, r), `nil` when training image i's prior similarity is ≤ the floor.
    public let values: [[Double?]]
    /// Per training image, the best reconstruction (`nil` when its RDLV is undefined).
    public let bestMatches: [BestMatch?]
    /// The update's RDLV: max over training images of their best value (`nil` if none is defined).
    public let updateValue: Double?
    /// Training images whose RDLV is undefined.
    public let undefinedImages: [Int]
    /// The floor used.
    public let minimumPriorSimilarity: Double
}
