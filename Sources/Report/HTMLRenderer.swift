import FileSupport
import Foundation
import Notebook
import Plotting

/// Renders a `Document` as one HTML page with a navigation sidebar (table of contents), the summary of
/// findings and every chapter; figures are SVG files in `figures/` beside the page. All text is escaped.
public struct HTMLRenderer {
    public var figureDirectoryName = "figures"

    public init() {}

    /// Writes `url` (the page) and `<dir>/figures/figure-N.svg`, atomically; removes figure files
    /// left over from an earlier report.
    public func write(_ document: Document, to url: URL) throws {
        let figureDirectory = url.deletingLastPathComponent().appendingPathComponent(figureDirectoryName, isDirectory: true)
        var written: Set<String> = []
        for chapter in document.chapters {
            for case .figure(let figure) in chapter.blocks.flattened {
                let name = HTMLRenderer.figureFileName(figure)
                try figure.figure.write(to: figureDirectory.appendingPathComponent(name), format: .svg)
                written.insert(name)
            }
        }
        try AtomicFile.write(html(document), to: url)
        if let existing = try? FileManager.default.contentsOfDirectory(atPath: figureDirectory.path) {
            for name in existing where name.hasPrefix("figure-") && name.hasSuffix(".svg") && !written.contains(name) {
                try? FileManager.default.removeItem(at: figureDirectory.appendingPathComponent(name))
            }
        }
    }

    static func figureFileName(_ figure: FigureBlock) -> String { "figure-\(figure.number).svg" }

    /// The page's HTML.
    public func html(_ document: Document) -> String {
        var out = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(e(document.title))</title>
        <style>\(HTMLRenderer.css)</style>
        </head>
        <body>

        """
        out += navigation(document)
        out += "<main>\n<header class=\"title-block\">\n<h1>\(e(document.title))</h1>\n"
        if !document.subtitle.isEmpty { out += "<p class=\"subtitle\">\(e(document.subtitle))</p>\n" }
        for detail in document.details { out += "<p class=\"detail\">\(e(detail))</p>\n" }
        out += "</header>\n"
        out += summary(document)
        for chapter in document.chapters {
            out += "<section class=\"chapter\" id=\"\(e(chapter.anchor))\">\n"
            out += "<h2 class=\"chapter-title\"><span class=\"number\">\(chapter.number)</span> \(inline(chapter.title))</h2>\n"
            out += chapter.blocks.map(block).joined()
            out += "</section>\n"
        }
        out += "</main>\n</body>\n</html>\n"
        return out
    }

    private func e(_ text: String) -> String { HTMLEscaping.escape(text) }

    private func navigation(_ document: Document) -> String {
        var out = "<nav class=\"toc\" aria-label=\"Contents\">\n<p class=\"toc-title\">Contents</p>\n<ul>\n"
        out += "<li><a href=\"#summary\">Summary of findings</a></li>\n"
        for chapter in document.chapters {
            out += "<li><a href=\"#\(e(chapter.anchor))\"><span class=\"number\">\(chapter.number)</span> \(inline(chapter.title))</a>"
            let sections = chapter.blocks.compactMap { block -> Heading? in
                if case .heading(let h) = block, h.level == 2 { return h } else { return nil }
            }
            if !sections.isEmpty {
                out += "\n<ul>\n"
                for s in sections {
                    out += "<li><a href=\"#\(e(s.anchor))\"><span class=\"number\">\(e(s.number))</span> \(inline(s.text))</a></li>\n"
                }
                out += "</ul>\n"
            }
            out += "</li>\n"
        }
        return out + "</ul>\n</nav>\n"
    }

    private func summary(_ document: Document) -> String {
        let findings = document.findings
        var out = "<section id=\"summary\" class=\"summary\">\n<h2>Summary of findings</h2>\n"
        out += "<p class=\"tally\">\(e(document.tally.sentence)).</p>\n"
        guard !findings.isEmpty else { return out + "</section>\n" }
        out += "<p class=\"legend\">A finding is <span class=\"positive\">reproduced</span> when the 95 % interval of its statistic "
            + "lies entirely on the paper's side of the threshold, <span class=\"negative\">not reproduced</span> when it lies "
            + "entirely on the other side, and <span class=\"uncertain\">inconclusive</span> otherwise (an interval touching the "
            + "threshold, or fewer than \(Verdict.minimumUnits) resampled units). Checks are exact identities; preconditions are "
            + "what the findings rest on.</p>\n"
        out += "<table class=\"findings\">\n<thead><tr><th>Chapter</th><th>Claim</th><th>Kind</th>"
            + "<th class=\"right\">Estimate [95 % interval]</th><th class=\"right\">n</th><th>Paper</th><th>Verdict</th></tr></thead>\n<tbody>\n"
        for f in findings {
            let claimText = f.number.map { "<a href=\"#\(e(f.anchor))\">Claim \($0)</a>: " } ?? ""
            out += "<tr class=\"\(ClaimAppearance.cssClass(f.outcome))\"><td><a href=\"#\(e(f.chapterAnchor))\">\(e(f.chapter))</a></td>"
            out += "<td>\(claimText)\(e(f.statement))<div class=\"evidence\">\(e(f.evidence))</div></td>"
            out += "<td class=\"kind\">\(e(f.kindText))</td>"
            out += "<td class=\"right estimate\">" + (f.statisticText.isEmpty ? "" : "<div class=\"statistic\">\(e(f.statisticText))</div>")
                + "\(e(f.estimateText))</td>"
            out += "<td class=\"right\">\(e(f.nText))" + (f.unitText.isEmpty ? "" : "<div class=\"unit\">\(e(f.unitText))</div>") + "</td>"
            out += "<td class=\"prediction\">\(e(f.predictionText))</td>"
            out += "<td class=\"verdict\">\(ClaimAppearance.symbol(f.outcome)) \(e(f.label))</td></tr>\n"
        }
        return out + "</tbody>\n</table>\n</section>\n"
    }

    private func block(_ block: Block) -> String {
        switch block {
        case .heading(let h):
            let tag = "h\(min(h.level + 1, 6))"
            let number = h.number.isEmpty ? "" : "<span class=\"number\">\(e(h.number))</span> "
            return "<\(tag) id=\"\(e(h.anchor))\">\(number)\(inline(h.text))</\(tag)>\n"
        case .paragraph(let inlines):
            return "<p>\(inline(inlines))</p>\n"
        case .list(let list):
            let tag = list.ordered ? "ol" : "ul"
            let start = list.ordered && list.start != 1 ? " start=\"\(list.start)\"" : ""
            let items = list.items.map { item -> String in
                if item.count == 1, case .paragraph(let inlines) = item[0] { return "<li>\(inline(inlines))</li>\n" }
                return "<li>\(item.map(self.block).joined())</li>\n"
            }.joined()
            return "<\(tag)\(start)>\n\(items)</\(tag)>\n"
        case .quote(let blocks):
            return "<blockquote>\n\(blocks.map(self.block).joined())</blockquote>\n"
        case .code(let code):
            let body = code.isCell ? highlighted(code.code) : e(code.code)
            let cls = code.isCell ? "cell" : "code"
            let label = code.isCell ? "<span class=\"cell-line\">main.swift:\(code.firstLine)</span>" : ""
            return "<pre class=\"\(cls)\">\(label)<code>\(body)</code></pre>\n"
        case .figure(let f):
            let width = Int((f.figure.width * 1.5).rounded())
            let caption = f.caption.isEmpty ? "" : " " + inline(f.caption)
            return "<figure id=\"\(e(f.anchor))\">\n<img src=\"\(e(figureDirectoryName))/\(e(HTMLRenderer.figureFileName(f)))\" "
                + "alt=\"Figure \(f.number)\(e(f.caption.isEmpty ? "" : ": " + f.caption.plainText))\" style=\"width: \(width)px\">\n"
                + "<figcaption><span class=\"label\">Figure \(f.number).</span>\(caption)</figcaption>\n</figure>\n"
        case .table(let t):
            return table(t)
        case .values(let values):
            let rows = values.map { "<tr><th>\(e($0.name))</th><td>\(e($0.formatted))</td></tr>" }.joined(separator: "\n")
            return "<table class=\"values\">\n\(rows)\n</table>\n"
        case .claim(let c):
            var out = "<div class=\"claim \(ClaimAppearance.cssClass(c.outcome))\" id=\"\(e(c.anchor))\">\n"
                + "<p class=\"verdict\">\(ClaimAppearance.symbol(c.outcome)) Claim \(c.number) · \(e(c.claim.kind.rawValue)) · "
                + "\(e(c.outcome.label))</p>\n<p class=\"statement\">\(e(c.statement))</p>\n"
            if let measurement = c.claim.measurement {
                out += "<p class=\"estimate\"><em>Estimate:</em> \(e(measurement))</p>\n"
            }
            if let reason = c.claim.verdictReason {
                out += "<p class=\"reason\"><em>Verdict:</em> \(e(c.outcome.label)), since \(e(reason)).</p>\n"
            }
            return out + "<p class=\"evidence\">\(e(c.evidence))</p>\n</div>\n"
        case .notice(let n):
            var out = "<div class=\"notice \(n.kind.rawValue)\">\n<p><strong>\(e(n.title)).</strong> \(e(n.message))</p>\n"
            if let details = n.details, !details.isEmpty { out += "<pre>\(e(details))</pre>\n" }
            return out + "</div>\n"
        case .rule:
            return "<hr>\n"
        }
    }

    private func table(_ t: TableBlock) -> String {
        var out = "<figure class=\"table\" id=\"\(e(t.anchor))\">\n<figcaption><span class=\"label\">Table \(t.number).</span>"
        out += (t.caption.isEmpty ? "" : " " + inline(t.caption)) + "</figcaption>\n<table>\n<thead><tr>"
        for (i, cell) in t.header.enumerated() { out += "<th\(align(t, i))>\(inline(cell))</th>" }
        out += "</tr></thead>\n<tbody>\n"
        for row in t.rows {
            out += "<tr>" + row.enumerated().map { "<td\(align(t, $0))>\(inline($1))</td>" }.joined() + "</tr>\n"
        }
        return out + "</tbody>\n</table>\n</figure>\n"
    }

    private func align(_ t: TableBlock, _ column: Int) -> String {
        guard column < t.alignments.count, t.alignments[column] != .left else { return "" }
        return " class=\"\(t.alignments[column].rawValue)\""
    }

    private func highlighted(_ code: String) -> String {
        SwiftHighlighter.runs(code).map { run in
            run.kind == .plain ? e(run.text) : "<span class=\"\(run.kind.rawValue)\">\(e(run.text))</span>"
        }.joined()
    }

    func inline(_ inlines: [Inline]) -> String {
        inlines.map { item -> String in
            switch item {
            case .text(let t): return e(t)
            case .emphasis(let c): return "<em>\(inline(c))</em>"
            case .strong(let c): return "<strong>\(inline(c))</strong>"
            case .code(let c): return "<code>\(e(c))</code>"
            case .link(let text, let url): return "<a href=\"\(HTMLEscaping.safeURL(url))\">\(inline(text))</a>"
            case .sub(let t): return "<sub>\(e(t))</sub>"
            case .sup(let t): return "<sup>\(e(t))</sup>"
            case .lineBreak: return "<br>"
            }
        }.joined()
    }
}
