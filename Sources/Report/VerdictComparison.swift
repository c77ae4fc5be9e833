import Foundation
import Notebook

/// The verdicts of the same claims under several result roots (e.g. `output` and
/// `output/verdict-check/direct-off`), side by side. A claim is matched across roots by its chapter
/// and statement (claims are worded before the run, so the statement names the claim).
///
/// A **flip** is a claim that came out positive in one root and negative in another: reproduced ↔
/// not reproduced for findings, pass ↔ fail or met ↔ not met for checks and preconditions. Moving
/// to or from inconclusive is a **move**, not a flip.
public struct VerdictComparison: Sendable {
    /// The frozen results of one root.
    public struct Root: Sendable {
        public var name: String
        public var results: [ChapterResults]
        public init(name: String, results: [ChapterResults]) {
            self.name = name
            self.results = results
        }
    }

    /// One claim in every root.
    public struct Row: Sendable, Equatable {
        /// Chapter id, e.g. "01-prior-attacks".
        public var chapter: String
        public var statement: String
        /// The claim in each root, in the order of `rootNames` (nil: absent there).
        public var claims: [ClaimOutput?]

        /// Positive in one root and negative in another.
        public var isFlip: Bool {
            let signs = claims.compactMap { $0?.outcome.isPositive }
            return signs.contains(true) && signs.contains(false)
        }

        /// Not a flip, but the outcome differs between roots (to or from inconclusive, or a kind changed).
        public var isMove: Bool { !isFlip && Set(claims.compactMap { $0?.outcome }).count > 1 }
    }

    public var rootNames: [String]
    public var rows: [Row]

    /// Matches the claims of `roots` (at least one), in the order of the first root, then claims
    /// that only later roots have.
    public init(_ roots: [Root]) {
        rootNames = roots.map(\.name)
        var order: [String] = []
        var byKey: [String: Row] = [:]
        for (index, root) in roots.enumerated() {
            for results in root.results.sorted(by: { $0.chapter < $1.chapter }) {
                var seen: [String: Int] = [:]
                for case .claim(let claim) in results.outputs.map(\.output) {
                    let occurrence = seen[claim.statement, default: 0]
                    seen[claim.statement] = occurrence + 1
                    let key = "\(results.chapter)\u{1F}\(claim.statement)\u{1F}\(occurrence)"
                    if byKey[key] == nil {
                        order.append(key)
                        byKey[key] = Row(chapter: results.chapter, statement: claim.statement,
                                         claims: Array(repeating: nil, count: roots.count))
                    }
                    byKey[key]!.claims[index] = claim
                }
            }
        }
        rows = order.map { byKey[$0]! }
    }

    /// Reads `<root>/chapters/*/results.json` of every root (a chapter's id is its directory name);
    /// `names` label the roots (default: their paths).
    public static func load(_ roots: [URL], names: [String]? = nil) throws -> VerdictComparison {
        try VerdictComparison(roots.enumerated().map { index, url in
            let chapters = url.appendingPathComponent("chapters", isDirectory: true)
            guard let ids = try? FileManager.default.contentsOfDirectory(atPath: chapters.path) else {
                throw NotebookError.badArgument("no chapter results in \(chapters.path)")
            }
            let store = ResultStore(root: url)
            let results = try ids.sorted().compactMap { id -> ChapterResults? in
                guard var results = try store.results(for: id) else { return nil }
                results.chapter = id
                return results
            }
            return Root(name: names.flatMap { index < $0.count ? $0[index] : nil } ?? url.relativePath, results: results)
        })
    }

    public var flips: [Row] { rows.filter(\.isFlip) }
    public var moves: [Row] { rows.filter(\.isMove) }
    public var hasFlip: Bool { rows.contains(where: \.isFlip) }

    /// "19 claims under 2 roots: 1 flip (reproduced ↔ not reproduced or pass ↔ fail), 3 moves to or from inconclusive."
    public var sentence: String {
        "\(rows.count) claim\(rows.count == 1 ? "" : "s") under \(rootNames.count) roots: \(flips.count) "
            + "flip\(flips.count == 1 ? "" : "s") (reproduced ↔ not reproduced, pass ↔ fail), \(moves.count) other "
            + "change\(moves.count == 1 ? "" : "s") (to or from inconclusive)."
    }

    /// A Markdown table: chapter, claim, the verdict and estimate under each root, and the flips.
    public func markdown() -> String {
        func cell(_ text: String) -> String {
            text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
        }
        var lines = ["| Ch. | Claim | Kind | " + rootNames.map { "`\(cell($0))`" }.joined(separator: " | ") + " | Change |",
                     "|---|---|---|" + String(repeating: "---|", count: rootNames.count) + "---|"]
        for row in rows {
            let kinds = Set(row.claims.compactMap { $0?.kind.rawValue }).sorted().joined(separator: "/")
            let verdicts = row.claims.map { claim -> String in
                guard let claim else { return "—" }
                var text = "\(ClaimAppearance.symbol(claim.outcome)) \(claim.outcome.label)"
                if let estimate = claim.estimate { text += ": \(estimate.formatted(threshold: claim.threshold)), n \(estimate.n)" }
                return cell(text)
            }
            let change = row.isFlip ? "**FLIP**" : row.isMove ? "moved" : ""
            let chapter = row.chapter.split(separator: "-").first.map(String.init) ?? row.chapter
            lines.append("| \(cell(chapter)) | \(cell(row.statement)) | \(kinds) | " + verdicts.joined(separator: " | ") + " | \(change) |")
        }
        return lines.joined(separator: "\n") + "\n\n" + sentence + "\n"
    }
}
