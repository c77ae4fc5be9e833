import Notebook
import Plotting

/// The woven report: front matter, the summary of findings and the chapters, each a list of blocks.
/// Both renderers (PDF and HTML) draw exactly this model, so they number and order things the same.
public struct Document: Sendable, Equatable {
    public var title: String
    public var subtitle: String
    /// Lines under the title (date, budget, seed, …).
    public var details: [String]
    public var chapters: [ChapterDocument]

    public init(title: String, subtitle: String = "", details: [String] = [], chapters: [ChapterDocument]) {
        self.title = title
        self.subtitle = subtitle
        self.details = details
        self.chapters = chapters
    }
}

/// One chapter of the document.
public struct ChapterDocument: Sendable, Equatable {
    /// Directory name, e.g. "00-setting".
    public var id: String
    public var number: Int
    /// The chapter title (from its first `#` heading), e.g. "The setting".
    public var title: [Inline]
    public var anchor: String
    public var blocks: [Block]
    /// Why the chapter shows no (fresh) results, if it does not.
    public var problem: String?

    /// "0 The setting" as plain text.
    public var heading: String { "\(number) \(title.plainText)" }
}

/// Block-level content.
public indirect enum Block: Sendable, Equatable {
    case heading(Heading)
    case paragraph([Inline])
    case list(ListBlock)
    case quote([Block])
    /// Code: a chapter cell (`isCell`) or a fenced block in prose.
    case code(CodeBlock)
    case figure(FigureBlock)
    case table(TableBlock)
    case values([ValueOutput])
    case claim(ClaimBlock)
    case notice(Notice)
    case rule
}

public struct Heading: Sendable, Equatable {
    public var level: Int
    public var text: [Inline]
    /// Section number, e.g. "0.2" (empty for unnumbered headings).
    public var number: String
    public var anchor: String
}

public struct ListBlock: Sendable, Equatable {
    public var ordered: Bool
    public var start: Int
    public var items: [[Block]]
}

public struct CodeBlock: Sendable, Equatable {
    public var code: String
    public var isCell: Bool
    /// First source line of a cell (for "main.swift:12" references), 0 for prose code.
    public var firstLine: Int
}

public struct FigureBlock: Sendable, Equatable {
    public var number: Int
    public var anchor: String
    public var caption: [Inline]
    public var figure: Figure
}

public struct TableBlock: Sendable, Equatable {
    public enum Alignment: String, Sendable { case left, center, right }
    public var number: Int
    public var anchor: String
    public var caption: [Inline]
    public var header: [[Inline]]
    public var rows: [[[Inline]]]
    public var alignments: [Alignment]
}

/// A numbered claim: a finding with its estimate and verdict, a check or a precondition.
public struct ClaimBlock: Sendable, Equatable {
    public var number: Int
    public var anchor: String
    public var claim: ClaimOutput

    public var statement: String { claim.statement }
    public var evidence: String { claim.evidence }
    public var outcome: ClaimOutcome { claim.outcome }
}

/// A boxed message: a failed chapter, results not yet computed, a warning about the source.
public struct Notice: Sendable, Equatable {
    public enum Kind: String, Sendable { case failure, warning, info }
    public var kind: Kind
    public var title: String
    public var message: String
    /// Monospaced details (the chapter's last output lines).
    public var details: String?
}

/// Inline content of paragraphs, headings, list items and table cells.
public indirect enum Inline: Sendable, Equatable {
    case text(String)
    case emphasis([Inline])
    case strong([Inline])
    case code(String)
    case link(text: [Inline], url: String)
    /// `~sub~` (Pandoc syntax), for formulas like r~T~.
    case sub(String)
    /// `^sup^` (Pandoc syntax), for formulas like (1 − m)^T^.
    case sup(String)
    case lineBreak
}

extension Array where Element == Inline {
    /// The text without formatting.
    public var plainText: String {
        map { inline in
            switch inline {
            case .text(let t), .code(let t), .sub(let t), .sup(let t): return t
            case .emphasis(let c), .strong(let c): return c.plainText
            case .link(let text, _): return text.plainText
            case .lineBreak: return " "
            }
        }.joined()
    }
}

extension Array where Element == Block {
    /// The blocks with nested list items and quotes expanded, in reading order.
    public var flattened: [Block] {
        flatMap { block -> [Block] in
            switch block {
            case .list(let list): return [block] + list.items.flatMap(\.flattened)
            case .quote(let blocks): return [block] + blocks.flattened
            default: return [block]
            }
        }
    }
}
