/// Pairing batch reconstructions with the original images by SSIM.
extension OptimalAssignment {
    /// Matches reconstructions (rows) one-to-one to originals (columns) maximising the total SSIM
    /// (`dataRange` explicit, scikit-image's default SSIM). The order in which a batch attack returns
    /// its images is arbitrary, so per-image scores must be taken over this matching.
    public static func matchBySSIM(reconstructions: [ImagePlanes], originals: [ImagePlanes], dataRange: Double,
                                   configuration: SSIMConfiguration = .scikitImageDefault) throws(LeakageError) -> ImageMatching {
        let similarity = try StructuralSimilarity.matrix(rows: reconstructions, columns: originals,
                                                         dataRange: dataRange, configuration: configuration)
        let assignment = try solve(similarity, maximise: true, function: "OptimalAssignment.matchBySSIM")
        return ImageMatching(similarity: similarity, assignment: assignment)
    }
}

/// Reconstructions matched to originals, with the similarity matrix used.
public struct ImageMatching: Sendable, Equatable {
    /// `similarity[r][o]` = SSIM(reconstruction r, original o).
    public let similarity: [[Double]]
    /// The total-similarity-maximising one-to-one matching (rows: reconstructions).
    public let assignment: Assignment

    /// For each reconstruction, the SSIM to its matched original (`nil` if unmatched).
    public var matchedSimilarity: [Double?] {
        assignment.columnForRow.enumerated().map { r, c in c.map { similarity[r][$0] } }
    }
}
