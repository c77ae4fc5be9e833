import Notebook
import Plotting

/// Numbers sections (per chapter: 0.1, 0.1.1), figures, tables and claims (through the document),
/// gives every numbered thing an anchor, and resolves `@label` cross-references afterwards.
struct Numbering {
    private var chapter = 0
    private var chapterAnchor = ""
    private var sections: [Int] = []
    private var figures = 0
    private var tables = 0
    private var claims = 0
    private var usedAnchors: Set<String> = []
    /// label → (kind word, number)
    private(set) var references: [String: String] = [:]

    mutating func startChapter(_ number: Int, anchor: String) {
        chapter = number
        chapterAnchor = anchor
        sections = []
        usedAnchors.insert(anchor)
    }

    mutating func registerChapter(title: [Inline]) {
        references[chapterAnchor] = "Chapter \(chapter)"
    }

    private mutating func unique(_ base: String) -> String {
        var anchor = base
        var n = 2
        while usedAnchors.contains(anchor) { anchor = "\(base)-\(n)"; n += 1 }
        usedAnchors.insert(anchor)
        return anchor
    }

    static func slug(_ text: String) -> String {
        var out = ""
        for c in text.lowercased() {
            if c.isASCII && (c.isLetter || c.isNumber) { out.append(c) } else if !out.hasSuffix("-") { out.append("-") }
        }
        return out.trimmingCharacters(in: "-")
    }

    /// Numbers headings and prose tables inside a block (recursively for lists and quotes).
    mutating func number(_ block: Block) -> Block {
        switch block {
        case .heading(var heading):
            let depth = max(heading.level - 1, 1)
            if heading.level <= 3 {
                if sections.count < depth { sections += Array(repeating: 0, count: depth - sections.count) }
                sections = Array(sections.prefix(depth))
                sections[depth - 1] += 1
                heading.number = ([chapter] + sections).map(String.init).joined(separator: ".")
            }
            heading.level = max(heading.level, 2)
            heading.anchor = unique("sec-\(chapterAnchor.dropFirst(3))-\(Numbering.slug(heading.text.plainText))")
            return .heading(heading)
        case .table(let prose):
            return table(prose, label: nil)
        case .list(var list):
            list.items = list.items.map { $0.map { number($0) } }
            return .list(list)
        case .quote(let blocks):
            return .quote(blocks.map { number($0) })
        default:
            return block
        }
    }

    mutating func figure(_ figure: Figure, caption: [Inline], label: String?) -> Block {
        figures += 1
        let anchor = unique(label.map(Numbering.slug) ?? "fig-\(figures)")
        if let label { references[label] = "Figure \(figures)" }
        return .figure(FigureBlock(number: figures, anchor: anchor, caption: caption, figure: figure))
    }

    mutating func table(_ table: TableBlock, label: String?) -> Block {
        tables += 1
        var numbered = table
        numbered.number = tables
        numbered.anchor = unique(label.map(Numbering.slug) ?? "tbl-\(tables)")
        if let label { references[label] = "Table \(tables)" }
        return .table(numbered)
    }

    mutating func claim(_ claim: ClaimOutput) -> Block {
        claims += 1
        return .claim(ClaimBlock(number: claims, anchor: unique("claim-\(claims)"), claim: claim))
    }

    // MARK: Cross-references

    func resolveReferences(in block: Block) -> Block {
        switch block {
        case .paragraph(let inlines): return .paragraph(resolve(inlines))
        case .heading(var heading):
            heading.text = resolve(heading.text)
            return .heading(heading)
        case .list(var list):
            list.items = list.items.map { $0.map(resolveReferences) }
            return .list(list)
        case .quote(let blocks): return .quote(blocks.map(resolveReferences))
        case .figure(var figure):
            figure.caption = resolve(figure.caption)
            return .figure(figure)
        case .table(var table):
            table.caption = resolve(table.caption)
            table.rows = table.rows.map { $0.map(resolve) }
            return .table(table)
        default: return block
        }
    }

    private func resolve(_ inlines: [Inline]) -> [Inline] {
        inlines.map { inline in
            switch inline {
            case .text(let text): return .text(replace(text))
            case .emphasis(let c): return .emphasis(resolve(c))
            case .strong(let c): return .strong(resolve(c))
            case .link(let text, let url): return .link(text: resolve(text), url: url)
            default: return inline
            }
        }
    }

    /// Replaces `@label` (label = letters, digits, `-`, `_`) when the label is known.
    private func replace(_ text: String) -> String {
        guard text.contains("@"), !references.isEmpty else { return text }
        var out = ""
        let characters = Array(text)
        var i = 0
        while i < characters.count {
            if characters[i] == "@", i == 0 || !(characters[i - 1].isLetter || characters[i - 1].isNumber) {
                var j = i + 1
                while j < characters.count, characters[j].isLetter || characters[j].isNumber || characters[j] == "-" || characters[j] == "_" { j += 1 }
                var label = String(characters[(i + 1)..<j])
                while label.hasSuffix("-") || label.hasSuffix("_") { label.removeLast(); j -= 1 }
                if let reference = references[label] {
                    out += reference
                    i = j
                    continue
                }
            }
            out.append(characters[i])
            i += 1
        }
        return out
    }
}
