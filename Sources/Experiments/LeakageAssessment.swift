import Autodiff
import Leakage

/// How much one update leaked, scored the way the companion code scores it (docs/PAPER.md "Measuring
/// leakage"): reconstructions are min–max rescaled to 0–255, training images and the prior scaled
/// ×255, SSIM as scikit-image with data range 256; RDLV per training image is the best over
/// reconstructions and the update's RDLV the max over images. Reconstructions are also paired one
/// to one with the originals (Hungarian, by SSIM) for MSE/PSNR and label accuracy.
public struct LeakageAssessment: Sendable, Codable {
    /// Per training image: best SSIM over reconstructions.
    public let bestSSIM: [Double]
    /// Per training image: SSIM of the prior.
    public let priorSSIM: [Double]
    /// Per training image: RDLV of its best reconstruction (nil where undefined).
    public let rdlv: [Double?]
    /// Index of the best reconstruction of each training image: the argmax of its RDLV, which is the
    /// argmax of its SSIM (first index on ties); by SSIM alone where RDLV is undefined.
    public let bestReconstruction: [Int]
    /// The update-level RDLV (max over images with a defined value).
    public let updateRDLV: Double?
    /// One-to-one matching: reconstruction matched to each training image, and its SSIM / PSNR.
    public let matchedReconstruction: [Int]
    public let matchedSSIM: [Double]
    public let matchedPSNR: [Double]
    /// Fraction of labels recovered (as multisets); nil when the true labels are not known.
    public let labelAccuracy: Double?

    /// Scores reconstructions [R, C, H, W] against training images [N, C, H, W] with `prior` [C, H, W].
    /// Label accuracy is computed only against `trueLabels` (never against the predictions themselves).
    public static func assess(reconstructions: Tensor, originals: Tensor, prior: Tensor,
                              predictedLabels: [Int], trueLabels: [Int]?) throws -> LeakageAssessment {
        let rec = try ImagePlanes.batch(reconstructions).map { $0.minMaxRescaled(to: 0...255) }
        let orig = try ImagePlanes.batch(originals).map { $0.scaledTo255IfUnitRange() }
        let p = try ImagePlanes(prior.reshaped(Array(prior.shape.suffix(3)))).scaledTo255IfUnitRange()
        let range = ImagePlanes.companionDataRange
        let report = try RelativeDataLeakage.analyse(trainingImages: orig, reconstructions: rec, prior: p, dataRange: range)
        let matching = try OptimalAssignment.matchBySSIM(reconstructions: rec, originals: orig, dataRange: range)
        var matched: [Int] = [], matchedSSIM: [Double] = [], matchedPSNR: [Double] = []
        for i in orig.indices {
            let r = matching.assignment.rowForColumn[i] ?? 0
            matched.append(r)
            matchedSSIM.append(matching.similarity[r][i])
            matchedPSNR.append(try PixelMetrics.peakSignalToNoiseRatio(rec[r], orig[i], dataRange: range))
        }
        return LeakageAssessment(
            bestSSIM: report.similarity.map { $0.max() ?? 0 }, priorSSIM: report.priorSimilarity,
            rdlv: report.bestMatches.map { $0?.value },
            bestReconstruction: report.bestMatches.indices.map { report.bestMatches[$0]?.reconstruction ?? firstArgmax(report.similarity[$0]) },
            updateRDLV: report.updateValue, matchedReconstruction: matched, matchedSSIM: matchedSSIM,
            matchedPSNR: matchedPSNR,
            labelAccuracy: try trueLabels.map { try LabelAccuracy.unordered(predicted: predictedLabels, actual: $0) })
    }

    /// The self-audit gate's decision for this update (`LeakageGate`: withheld when its RDLV is above
    /// `threshold` or undefined for any image).
    public func decision(threshold: Double) throws -> LeakageDecision {
        try LeakageGate(threshold: threshold).decide(imageRDLV: rdlv)
    }

    /// The first index of the largest value (like `np.argmax`).
    static func firstArgmax(_ values: [Double]) -> Int {
        var best = 0
        for i in values.indices where values[i] > values[best] { best = i }
        return best
    }
}

extension LeakageAssessment {
    /// GradInversion's Image Identifiability Precision: the fraction of reconstructions whose
    /// nearest image (1 − SSIM, companion scaling) in `pool` [P, C, H, W] is their source, the
    /// sources being the client's images at `clientPoolIndices` paired one-to-one with the
    /// reconstructions (Hungarian).
    public static func identifiability(reconstructions: Tensor, pool: Tensor, clientPoolIndices: [Int]) throws -> Double {
        let rec = try ImagePlanes.batch(reconstructions).map { $0.minMaxRescaled(to: 0...255) }
        let candidates = try ImagePlanes.batch(pool).map { $0.scaledTo255IfUnitRange() }
        return try IdentifiabilityPrecision.evaluateBatch(
            reconstructions: Array(rec.prefix(clientPoolIndices.count)), pool: candidates, clientPoolIndices: clientPoolIndices,
            distance: .oneMinusSSIM(dataRange: ImagePlanes.companionDataRange)).precision
    }
}
