import Notebook

/// A row of the summary of findings: one claim, or one chapter that failed or never ran.
public struct Finding: Sendable, Equatable {
    /// "0 The setting".
    public var chapter: String
    public var chapterAnchor: String
    /// The claim's number through the document (nil for a chapter without results).
    public var number: Int?
    public var anchor: String
    public var statement: String
    public var evidence: String
    /// The claim; nil for a chapter without results.
    public var claim: ClaimOutput?

    /// The claim's outcome; nil when the chapter has no results.
    public var outcome: ClaimOutcome? { claim?.outcome }
    /// The claim's kind; nil when the chapter has no results.
    public var kind: ClaimKind? { claim?.kind }

    // MARK: Cells of the summary table (plain text; the renderers escape and style them)

    /// "reproduced", "not reproduced", "inconclusive", "pass", "fail", "met", "not met" or "not run".
    public var label: String { outcome?.label ?? "not run" }
    /// "finding", "check", "precondition" or "".
    public var kindText: String { kind?.rawValue ?? "" }
    /// "median RDLV" (findings), "" otherwise.
    public var statisticText: String { claim?.estimate?.statistic ?? "" }
    /// "1.47 [0.90, 1.80]" (findings), "" otherwise.
    public var estimateText: String { claim?.estimate?.formatted(threshold: claim?.threshold) ?? "" }
    /// "32" (findings), "" otherwise.
    public var nText: String { claim?.estimate.map { "\($0.n)" } ?? "" }
    /// "16 images × 2 seeds" (findings), "" otherwise.
    public var unitText: String { claim?.estimate?.unit ?? "" }
    /// "> 0.3" (findings), "" otherwise.
    public var predictionText: String {
        guard let threshold = claim?.threshold, let side = claim?.side else { return "" }
        return side.symbol(threshold)
    }
    /// Why the verdict is what it is (findings with an estimate).
    public var reasonText: String { claim?.verdictReason ?? "" }
}

extension Document {
    /// Every claim of every chapter in order, plus one row per chapter that failed or never ran.
    public var findings: [Finding] {
        chapters.flatMap { chapter -> [Finding] in
            var rows: [Finding] = []
            if let status = chapter.problem {
                rows.append(Finding(chapter: chapter.heading, chapterAnchor: chapter.anchor, number: nil, anchor: chapter.anchor,
                                    statement: "All claims of this chapter", evidence: status, claim: nil))
            }
            for case .claim(let block) in chapter.blocks.flattened {
                rows.append(Finding(chapter: chapter.heading, chapterAnchor: chapter.anchor, number: block.number,
                                    anchor: block.anchor, statement: block.statement, evidence: block.evidence, claim: block.claim))
            }
            return rows
        }
    }

    /// The counts of the summary of findings.
    public var tally: FindingTally { FindingTally(findings) }
}

/// The counts of the summary: findings by verdict, checks passed, preconditions met, chapters
/// without results.
public struct FindingTally: Sendable, Equatable {
    public var findings = 0, reproduced = 0, notReproduced = 0, inconclusive = 0
    public var checks = 0, checksPassed = 0
    public var preconditions = 0, preconditionsMet = 0
    public var chaptersWithoutResults = 0

    public init(_ rows: [Finding]) {
        for row in rows {
            switch row.outcome {
            case .reproduced?: findings += 1; reproduced += 1
            case .notReproduced?: findings += 1; notReproduced += 1
            case .inconclusive?: findings += 1; inconclusive += 1
            case .passed?: checks += 1; checksPassed += 1
            case .failed?: checks += 1
            case .met?: preconditions += 1; preconditionsMet += 1
            case .notMet?: preconditions += 1
            case nil: chaptersWithoutResults += 1
            }
        }
    }

    /// "12 findings: 7 reproduced, 2 not reproduced, 3 inconclusive; 4 checks passed of 4;
    /// 2 preconditions met of 2; 1 chapter has no results" (groups without claims are left out).
    public var sentence: String {
        var parts: [String] = []
        if findings > 0 {
            parts.append("\(findings) \(FindingTally.plural("finding", findings)): \(reproduced) reproduced, "
                + "\(notReproduced) not reproduced, \(inconclusive) inconclusive")
        }
        if checks > 0 { parts.append("\(checksPassed) \(FindingTally.plural("check", checksPassed)) passed of \(checks)") }
        if preconditions > 0 {
            parts.append("\(preconditionsMet) \(FindingTally.plural("precondition", preconditionsMet)) met of \(preconditions)")
        }
        if parts.isEmpty { parts.append("no claims checked") }
        if chaptersWithoutResults > 0 {
            parts.append("\(chaptersWithoutResults) chapter\(chaptersWithoutResults == 1 ? " has" : "s have") no results")
        }
        return parts.joined(separator: "; ")
    }

    static func plural(_ word: String, _ count: Int) -> String { count == 1 ? word : word + "s" }
}
