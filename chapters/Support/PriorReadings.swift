import Autodiff
import Experiments

/// Readings of one multi-image update's reconstructions that RDLV against the global prior hides
/// (chapter 2, "Do the 8-image clients really leak?"). RDLV divides the SSIM gain over the prior by
/// the prior's own shortfall, 1 − SSIM(prior, x): when the prior is poor (Fashion-MNIST's blurred
/// mean image: SSIM ≈ 0.2) a small absolute gain becomes a large RDLV.
public struct PriorReadings: Sendable {
    /// Per image: SSIM of its best reconstruction minus SSIM of the global prior (companion scaling).
    public let absoluteGain: [Double]
    /// Per image: RDLV of its best reconstruction against the mean image of its own class.
    public let classPriorRDLV: [Double]
    /// GradInversion's identifiability precision against the client's images and the distractors.
    public let identifiability: Double

    /// Scores `reconstructions` [R, 1, H, W] of an update on `originals` [N, 1, H, W] with labels
    /// `labels`; `assessment` is the trial's own scoring against the global prior (reused, not
    /// recomputed), `classPriors[k]` the prior of class k, `distractors` [P, 1, H, W] other images.
    public init(reconstructions: Tensor, originals: Tensor, labels: [Int], assessment: LeakageAssessment,
                classPriors: [Int: Tensor], distractors: Tensor) throws {
        absoluteGain = zip(assessment.bestSSIM, assessment.priorSSIM).map { $0 - $1 }
        classPriorRDLV = try labels.indices.map { i in
            guard let prior = classPriors[labels[i]] else { return .nan }
            let original = originals.sliced(axis: 0, i..<(i + 1))
            return try LeakageAssessment.assess(reconstructions: reconstructions, originals: original, prior: prior,
                                                predictedLabels: [], trueLabels: nil).rdlv[0] ?? .nan
        }
        identifiability = try LeakageAssessment.identifiability(
            reconstructions: reconstructions, pool: concatenate([originals, distractors], axis: 0),
            clientPoolIndices: Array(labels.indices))
    }
}
