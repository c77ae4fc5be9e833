import Foundation

/// A citation of a Markdown document found in a source file: `docs/PAPER.md "Measuring leakage"`,
/// `docs/NATIVE-LIBS.md §3.7`, `tools/README.md`. Used by `RepositoryDocsTests`.
struct DocCitation: Equatable {
    /// The cited name as written (`docs/PAPER.md`).
    var document: String
    /// The quoted heading (or its start, when the quote runs past the line) or `§`-number that
    /// follows the name, if any.
    var section: Section?
    /// 1-based line of the citing file.
    var line: Int

    enum Section: Equatable {
        /// A heading that starts with this text.
        case heading(String)
        /// A heading numbered so (`3.7` matches `### 3.7 …`).
        case number(String)
    }

    /// Every citation in `text`: a name ending in `.md` that does not continue a longer path or word,
    /// then optionally spaces, an opening parenthesis and a `"quoted heading"` or `§number`.
    static func all(in text: String) -> [DocCitation] {
        var citations: [DocCitation] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = String(line)
            for match in line.matches(of: pattern) {
                let section: Section?
                if let heading = match.output.heading {
                    section = .heading(String(heading))
                } else if let number = match.output.number {
                    section = .number(String(number))
                } else {
                    section = nil
                }
                citations.append(DocCitation(document: String(match.output.document), section: section, line: index + 1))
            }
        }
        return citations
    }

    /// A name ending in `.md` (optionally behind `./` or `../`), not inside a longer word or path and
    /// not followed by another extension, then an optional section. The leading character is
    /// consumed instead of a look-behind.
    nonisolated(unsafe) private static let pattern =
        /(?:^|[^A-Za-z0-9_.\/-])(?<document>(?:\.\.?\/)*[A-Za-z0-9_][A-Za-z0-9_.\/-]*\.md)(?![A-Za-z0-9_]|\.[A-Za-z0-9_])(?:\s*\(?\s*(?:"(?<heading>[^"]+)"?|§(?<number>[0-9]+(?:\.[0-9]+)*)))?/

    /// The headings of a Markdown text (ATX `#` lines outside fenced code), without the `#`s.
    static func headings(of markdown: String) -> [String] {
        var inFence = false
        var result: [String] = []
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("```") { inFence.toggle(); continue }
            guard !inFence, line.hasPrefix("#") else { continue }
            result.append(line.drop(while: { $0 == "#" }).trimmingCharacters(in: .whitespaces))
        }
        return result
    }

    /// A heading without its leading section number (`3.7 Threads` → `Threads`).
    private static func droppingNumber(_ heading: String) -> Substring {
        heading.drop(while: { $0.isNumber || $0 == "." }).drop(while: { $0 == " " })
    }

    /// Whether `headings` contain this citation's section (always true without a section).
    func isSatisfied(by headings: [String]) -> Bool {
        switch section {
        case nil:
            return true
        case .heading(let text):
            let start = text.trimmingCharacters(in: .whitespaces)
            return headings.contains { $0.hasPrefix(start) || Self.droppingNumber($0).hasPrefix(start) }
        case .number(let number):
            return headings.contains { $0 == number || $0.hasPrefix(number + " ") || $0.hasPrefix(number + ". ") }
        }
    }
}
