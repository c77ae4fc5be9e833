import Foundation

/// What a claim is: a **finding** of the paper decided by a measured statistic and its 95 % interval,
/// a **check** of an exact identity (e.g. BN statistics recovered to rounding), or a **precondition**
/// the findings rest on (e.g. "the federation learns").
public enum ClaimKind: String, Codable, Sendable, CaseIterable {
    case finding, check, precondition
}

/// The side of the threshold on which the paper puts the statistic.
public enum ClaimSide: String, Codable, Sendable {
    case above, below

    /// "above 0.3" / "below 0.1".
    public func describe(_ threshold: Double) -> String { "\(rawValue) \(Estimate.format(threshold))" }

    /// "> 0.3" / "< 0.1".
    public func symbol(_ threshold: Double) -> String { "\(self == .above ? ">" : "<") \(Estimate.format(threshold))" }
}

/// The three-valued verdict of a finding, decided by its 95 % interval (`Verdict.decide`).
public enum Verdict: String, Codable, Sendable {
    case reproduced
    case notReproduced = "not reproduced"
    case inconclusive
}

extension Verdict {
    /// An interval over fewer resampled units than this decides nothing: the verdict is inconclusive.
    public static let minimumUnits = 8

    /// The verdict of a finding whose statistic the paper puts on `side` of `threshold`:
    ///
    /// - **reproduced** when the whole interval lies strictly on the paper's side (`low > threshold`
    ///   for `.above`, `high < threshold` for `.below`);
    /// - **not reproduced** when it lies strictly on the other side;
    /// - **inconclusive** otherwise: an interval that contains or merely touches the threshold
    ///   (a bound equal to it), fewer than `minimumUnits` units, a NaN estimate, bound or threshold,
    ///   or reversed bounds (`low > high`).
    public static func decide(_ estimate: Estimate, threshold: Double, side: ClaimSide) -> Verdict {
        decision(estimate, threshold: threshold, side: side).verdict
    }

    /// The verdict with the reason in words, e.g. "the interval [0.12, 0.51] contains the threshold 0.3".
    public static func decision(_ estimate: Estimate, threshold: Double, side: ClaimSide) -> (verdict: Verdict, reason: String) {
        let e = estimate
        if e.value.isNaN || e.low.isNaN || e.high.isNaN || threshold.isNaN {
            return (.inconclusive, threshold.isNaN ? "the threshold is NaN" : "the estimate or its interval is NaN")
        }
        if e.n < minimumUnits {
            return (.inconclusive, "fewer than \(minimumUnits) units (n = \(e.n))")
        }
        if e.low > e.high {
            return (.inconclusive, "the interval's bounds are reversed (\(e.intervalText))")
        }
        let t = Estimate.format(threshold)
        let interval = e.intervalText(threshold: threshold)
        let above = e.low > threshold, below = e.high < threshold
        if !above && !below {
            return (.inconclusive, "the interval \(interval) contains the threshold \(t)")
        }
        let onPaperSide = (side == .above) == above
        let position = above ? "above" : "below"
        return onPaperSide
            ? (.reproduced, "the interval \(interval) lies \(position) \(t), as the paper predicts")
            : (.notReproduced, "the interval \(interval) lies \(position) \(t); the paper predicts \(side.rawValue)")
    }
}
