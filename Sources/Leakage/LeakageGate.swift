/// The self-audit gate of docs/PAPER.md ("Measuring leakage"; NVFlare's `RelativeDataLeakageValueFilter`):
/// a client withholds its update when the update's RDLV, the maximum over training images of
/// RDLV(i, r*) for the best reconstruction r*, exceeds a threshold (1.0 in the paper's code).
///
/// It is the single decision function of the project: the audit CLI, its report and its exit status,
/// and `RDLVReport.decision` all call `decide`. It fails closed, in this order:
/// 1. no image scored → `.withhold(.notScored)`;
/// 2. a defined RDLV above the threshold → `.withhold(.aboveThreshold)` (a measured leak is named first);
/// 3. any image with an undefined (or non-finite) RDLV → `.withhold(.undefinedRDLV)`, also when every
///    image is undefined, so the update's RDLV is undefined;
/// 4. otherwise `.send` (a value equal to the threshold is sent, as in NVFlare: "above" withholds).
public struct LeakageGate: Sendable, Equatable {
    /// The update-level RDLV above which the update is withheld.
    public let threshold: Double

    /// - Throws: `LeakageError` for a NaN or infinite threshold (a NaN would let every update through).
    public init(threshold: Double = RelativeDataLeakage.defaultThreshold) throws(LeakageError) {
        guard threshold.isFinite else {
            throw LeakageError("LeakageGate", "the threshold must be a finite number, got \(threshold)")
        }
        self.threshold = threshold
    }

    /// Decides from per-image RDLV values (`nil` = undefined; NaN and ±∞ count as undefined).
    /// `nil` or an empty list means nothing was scored.
    public func decide(imageRDLV: [Double?]?) -> LeakageDecision {
        guard let imageRDLV, !imageRDLV.isEmpty else { return .withhold(.notScored) }
        let defined = imageRDLV.compactMap { $0 }.filter(\.isFinite)
        if let update = defined.max(), update > threshold {
            return .withhold(.aboveThreshold(updateRDLV: update, threshold: threshold))
        }
        let undefined = imageRDLV.indices.filter { imageRDLV[$0].map { !$0.isFinite } ?? true }
        if !undefined.isEmpty { return .withhold(.undefinedRDLV(images: undefined, of: imageRDLV.count)) }
        return .send
    }

    /// Decides from an RDLV analysis (its per-image best values).
    public func decide(_ report: RDLVReport) -> LeakageDecision {
        decide(imageRDLV: report.bestMatches.map { $0?.value })
    }
}

extension RDLVReport {
    /// The gate's decision for this report (`LeakageGate.decide`).
    public func decision(threshold: Double = RelativeDataLeakage.defaultThreshold) throws(LeakageError) -> LeakageDecision {
        try LeakageGate(threshold: threshold).decide(self)
    }
}
