import Notebook
import Plotting

extension Document {
    /// A stable, readable text form of the document (for snapshot tests and debugging).
    public func dump() -> String {
        var lines = ["document \"\(title)\""]
        for chapter in chapters {
            lines.append("chapter \(chapter.number) \"\(chapter.title.dumped)\" #\(chapter.anchor)"
                + (chapter.problem.map { " problem: \($0)" } ?? ""))
            for block in chapter.blocks { Document.dump(block, indent: "  ", into: &lines) }
        }
        lines.append("findings: \(tally.sentence)")
        for f in findings {
            let columns = [f.kindText, f.statisticText, f.estimateText, f.nText, f.unitText, f.predictionText].filter { !$0.isEmpty }
            lines.append("  [\(f.label)] \(f.chapter) claim \(f.number.map(String.init) ?? "-"): \(f.statement) | \(f.evidence)"
                + (columns.isEmpty ? "" : " | " + columns.joined(separator: " · ")))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func dump(_ block: Block, indent: String, into lines: inout [String]) {
        switch block {
        case .heading(let h):
            lines.append("\(indent)heading \(h.level) \(h.number) \"\(h.text.dumped)\" #\(h.anchor)")
        case .paragraph(let inlines):
            lines.append("\(indent)paragraph \(inlines.dumped)")
        case .list(let list):
            lines.append("\(indent)list \(list.ordered ? "ordered from \(list.start)" : "bullets")")
            for item in list.items {
                lines.append("\(indent)  item")
                for b in item { dump(b, indent: indent + "    ", into: &lines) }
            }
        case .quote(let blocks):
            lines.append("\(indent)quote")
            for b in blocks { dump(b, indent: indent + "  ", into: &lines) }
        case .code(let code):
            lines.append("\(indent)code \(code.isCell ? "cell at line \(code.firstLine)" : "block")")
            for line in code.code.split(separator: "\n", omittingEmptySubsequences: false) { lines.append("\(indent)  | \(line)") }
        case .figure(let f):
            let kind: String
            switch f.figure.content {
            case .chart(let c): kind = "chart of \(c.series.count) series"
            case .bars(let b): kind = "bars of \(b.groups.count) groups"
            case .heatmap(let h): kind = "heatmap \(h.rows)×\(h.columns)"
            case .imageGrid(let g): kind = "image grid of \(g.images.count)"
            }
            lines.append("\(indent)figure \(f.number) #\(f.anchor) \(kind): \(f.caption.dumped)")
        case .table(let t):
            lines.append("\(indent)table \(t.number) #\(t.anchor): \(t.caption.dumped)")
            lines.append("\(indent)  header \(t.header.map(\.dumped).joined(separator: " | ")) (\(t.alignments.map(\.rawValue).joined(separator: ",")))")
            for row in t.rows { lines.append("\(indent)  row \(row.map(\.dumped).joined(separator: " | "))") }
        case .values(let values):
            lines.append("\(indent)values " + values.map { "\($0.name) = \($0.formatted)" }.joined(separator: "; "))
        case .claim(let c):
            let measurement = c.claim.measurement.map { " | \($0)" } ?? ""
            lines.append("\(indent)claim \(c.number) #\(c.anchor) \(c.claim.kind.rawValue) \(c.outcome.label): \(c.statement)\(measurement) | \(c.evidence)")
        case .notice(let n):
            lines.append("\(indent)notice \(n.kind.rawValue): \(n.title): \(n.message)")
        case .rule:
            lines.append("\(indent)rule")
        }
    }
}

extension Array where Element == Inline {
    /// Inline content with its formatting spelled out: *em*, **strong**, `code`, [text](url), ~sub~, ^sup^.
    var dumped: String {
        map { inline in
            switch inline {
            case .text(let t): return t
            case .emphasis(let c): return "*\(c.dumped)*"
            case .strong(let c): return "**\(c.dumped)**"
            case .code(let c): return "`\(c)`"
            case .link(let text, let url): return "[\(text.dumped)](\(url))"
            case .sub(let t): return "~\(t)~"
            case .sup(let t): return "^\(t)^"
            case .lineBreak: return "⏎"
            }
        }.joined()
    }
}
