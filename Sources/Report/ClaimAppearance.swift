import Notebook

/// How a claim's outcome looks in both renderers: green for reproduced / pass / met, red for not
/// reproduced / fail / not met, amber for inconclusive, grey for a chapter without results.
enum ClaimAppearance {
    enum Tone: String { case positive, negative, uncertain, missing }

    static func tone(_ outcome: ClaimOutcome?) -> Tone {
        guard let outcome else { return .missing }
        switch outcome.isPositive {
        case true?: return .positive
        case false?: return .negative
        case nil: return .uncertain
        }
    }

    /// ✓, ✗, ? or –.
    static func symbol(_ outcome: ClaimOutcome?) -> String {
        switch tone(outcome) {
        case .positive: return "✓"
        case .negative: return "✗"
        case .uncertain: return "?"
        case .missing: return "–"
        }
    }

    /// CSS classes: the outcome ("not-reproduced") and its tone ("negative").
    static func cssClass(_ outcome: ClaimOutcome?) -> String {
        let name = (outcome?.label ?? "not run").replacingOccurrences(of: " ", with: "-")
        return "\(name) \(tone(outcome).rawValue)"
    }
}
