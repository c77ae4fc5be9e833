import Plotting

/// Inline content and code as Pango markup for the PDF renderer.
enum PDFMarkup {
    static func inline(_ inlines: [Inline], style: PDFStyle, size: Double) -> String {
        inlines.map { item -> String in
            switch item {
            case .text(let t): return Markup.escape(t)
            case .emphasis(let c): return "<i>\(inline(c, style: style, size: size))</i>"
            case .strong(let c): return "<b>\(inline(c, style: style, size: size))</b>"
            case .code(let c):
                return "<span font_family=\"\(style.mono)\" size=\"\(Int(size * 0.86 * 1024))\">\(Markup.escape(c))</span>"
            case .link(let text, _):
                return "<span foreground=\"\(style.accent.hexString)\">\(inline(text, style: style, size: size))</span>"
            case .sub(let t): return "<sub>\(Markup.escape(t))</sub>"
            case .sup(let t): return "<sup>\(Markup.escape(t))</sup>"
            case .lineBreak: return "\n"
            }
        }.joined()
    }

    static func plain(_ text: String) -> String { Markup.escape(text) }

    static func colored(_ text: String, _ color: Color) -> String {
        "<span foreground=\"\(color.hexString)\">\(Markup.escape(text))</span>"
    }

    /// Swift code with syntax colours.
    static func code(_ code: String) -> String {
        SwiftHighlighter.runs(code).map { run in
            let text = Markup.escape(run.text)
            switch run.kind {
            case .plain: return text
            case .keyword: return "<span foreground=\"#a626a4\">\(text)</span>"
            case .type: return "<span foreground=\"#0b5cad\">\(text)</span>"
            case .string: return "<span foreground=\"#a31515\">\(text)</span>"
            case .number: return "<span foreground=\"#986801\">\(text)</span>"
            case .comment: return "<span foreground=\"#6a737d\"><i>\(text)</i></span>"
            }
        }.joined()
    }
}
