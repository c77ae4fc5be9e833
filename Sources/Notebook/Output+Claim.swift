/// A claim checked against our measurement. A **finding** (a claim of the paper) carries its
/// estimate with a 95 % interval, the threshold and the side the paper predicts, and the
/// three-valued verdict decided from them; a **check** or **precondition** holds or not.
/// The report's summary gathers every claim.
///
/// Stored in `results.json` as `{"kind", "statement", "evidence", "holds"}` plus, for findings,
/// `"verdict", "statistic", "estimate", "interval": [low, high], "n", "unit", "threshold", "side"`.
/// Claims stored before kinds existed (`statement`, `holds`, `evidence` only) read as checks.
public struct ClaimOutput: Sendable, Equatable {
    public var statement: String
    public var kind: ClaimKind
    /// Whether a check or precondition holds; for a finding, whether its verdict is `.reproduced`.
    public var holds: Bool
    /// The numbers that decide the claim, in words.
    public var evidence: String
    /// Findings only: the measured statistic with its interval.
    public var estimate: Estimate?
    /// Findings only: the paper's threshold on the statistic.
    public var threshold: Double?
    /// Findings only: the side of the threshold the paper predicts.
    public var side: ClaimSide?
    /// Findings only: the verdict, as decided when the chapter ran.
    public var verdict: Verdict?

    /// A check (or, with `kind`, a precondition) that holds or not.
    public init(statement: String, kind: ClaimKind = .check, holds: Bool, evidence: String) {
        self.statement = statement
        self.kind = kind
        self.holds = holds
        self.evidence = evidence
    }

    /// A finding; the verdict is decided from the interval (`Verdict.decide`) unless given.
    public init(finding statement: String, estimate: Estimate, threshold: Double, side: ClaimSide, evidence: String,
                verdict: Verdict? = nil) {
        let verdict = verdict ?? Verdict.decide(estimate, threshold: threshold, side: side)
        self.statement = statement
        self.kind = .finding
        self.holds = verdict == .reproduced
        self.evidence = evidence
        self.estimate = estimate
        self.threshold = threshold
        self.side = side
        self.verdict = verdict
    }

    /// How the claim came out: a finding's verdict, or pass/fail (checks), met/not met (preconditions).
    public var outcome: ClaimOutcome {
        switch kind {
        case .finding:
            switch verdict ?? (holds ? .reproduced : .notReproduced) {
            case .reproduced: return .reproduced
            case .notReproduced: return .notReproduced
            case .inconclusive: return .inconclusive
            }
        case .check: return holds ? .passed : .failed
        case .precondition: return holds ? .met : .notMet
        }
    }

    /// Why a finding got its verdict ("fewer than 8 units (n = 3)", "the interval … contains the
    /// threshold 0.3"); nil for checks, preconditions and findings without an estimate.
    public var verdictReason: String? {
        guard kind == .finding, let estimate, let threshold, let side else { return nil }
        return Verdict.decision(estimate, threshold: threshold, side: side).reason
    }

    /// The measurement in one line: "median RDLV 1.47 [0.90, 1.80], n = 32 (16 images × 2 seeds);
    /// paper: above 0.3" for findings, nil otherwise.
    public var measurement: String? {
        guard let estimate else { return nil }
        let prediction = threshold.flatMap { t in side.map { "; paper: \($0.describe(t))" } } ?? ""
        return estimate.description(threshold: threshold) + prediction
    }
}

/// How a claim came out, for display and counting.
public enum ClaimOutcome: String, Sendable, CaseIterable {
    case reproduced
    case notReproduced = "not reproduced"
    case inconclusive
    case passed = "pass"
    case failed = "fail"
    case met
    case notMet = "not met"

    /// True for reproduced/pass/met, false for not reproduced/fail/not met, nil for inconclusive.
    public var isPositive: Bool? {
        switch self {
        case .reproduced, .passed, .met: return true
        case .notReproduced, .failed, .notMet: return false
        case .inconclusive: return nil
        }
    }

    /// "reproduced", "not reproduced", "inconclusive", "pass", "fail", "met", "not met".
    public var label: String { rawValue }
}
