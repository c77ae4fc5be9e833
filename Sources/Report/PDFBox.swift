import CCairo
import Plotting

/// What a PDF box draws with: the context, the style, and where every anchor ended up (filled in
/// while paginating, read while drawing the contents page).
final class PDFDrawContext {
    let cr: OpaquePointer
    let style: PDFStyle
    /// anchor → (page index from 0, y)
    var destinations: [String: (page: Int, y: Double)] = [:]

    init(cr: OpaquePointer, style: PDFStyle) {
        self.cr = cr
        self.style = style
    }

    func setColor(_ color: Color) { cairo_set_source_rgb(cr, color.red, color.green, color.blue) }

    func fill(x: Double, y: Double, width: Double, height: Double, color: Color) {
        setColor(color)
        cairo_rectangle(cr, x, y, width, height)
        cairo_fill(cr)
    }

    func line(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double, width: Double, color: Color) {
        setColor(color)
        cairo_set_line_width(cr, width)
        cairo_move_to(cr, x0, y0)
        cairo_line_to(cr, x1, y1)
        cairo_stroke(cr)
    }

    func layout(_ markup: String, font: String, width: Double? = nil, alignment: TextLayout.Alignment = .left,
                justify: Bool = false, lineSpacing: Double = 0, breakAnywhere: Bool = false,
                hangingIndent: Double = 0) -> TextLayout {
        TextLayout(context: cr, markup: markup, font: font, width: width, alignment: alignment, justify: justify,
                   lineSpacing: lineSpacing, breakAnywhere: breakAnywhere, hangingIndent: hangingIndent)
    }

    /// Makes the area a link to an anchor's page, once pagination has placed it.
    func link(to anchor: String, x: Double, y: Double, width: Double, height: Double) {
        guard let target = destinations[anchor] else { return }
        let attributes = "rect=[\(x) \(y) \(width) \(height)] page=\(target.page + 1) pos=[\(style.marginLeft) \(max(target.y - 12, 0))]"
        cairo_tag_begin(cr, "Link", attributes)
        cairo_tag_end(cr, "Link")
    }
}

/// A piece of the flow that the paginator stacks on pages.
protocol PDFBox {
    /// Height at the width the box was built for.
    var height: Double { get }
    var spaceBefore: Double { get }
    var spaceAfter: Double { get }
    /// Keep on the same page as the start of the next box (headings, captions above tables).
    var keepWithNext: Bool { get }
    /// Start a new page before this box.
    var breaksPage: Bool { get }
    /// An anchor that links and the contents page can point to.
    var anchor: String? { get }
    /// A PDF bookmark: level (1 = chapter) and title.
    var outline: (level: Int, title: String)? { get }
    /// The running header from this box on (chapter starts set it).
    var runningHeader: String? { get }
    /// Splits the box so the first part fits `available` height; nil when it cannot be split there.
    func split(available: Double) -> (PDFBox, PDFBox)?
    func draw(_ context: PDFDrawContext, x: Double, y: Double)
}

extension PDFBox {
    var spaceBefore: Double { 0 }
    var spaceAfter: Double { 0 }
    var keepWithNext: Bool { false }
    var breaksPage: Bool { false }
    var anchor: String? { nil }
    var outline: (level: Int, title: String)? { nil }
    var runningHeader: String? { nil }
    func split(available: Double) -> (PDFBox, PDFBox)? { nil }
}

/// Vertical space, or a page break that sets the running header (chapter starts).
struct PDFSpaceBox: PDFBox {
    var height: Double
    var breaksPage = false
    var runningHeader: String? = nil
    func draw(_ context: PDFDrawContext, x: Double, y: Double) {}
}

/// A thin horizontal rule.
struct PDFRuleBox: PDFBox {
    let width: Double
    var height: Double { 1 }
    var spaceBefore: Double { 6 }
    var spaceAfter: Double { 6 }
    func draw(_ context: PDFDrawContext, x: Double, y: Double) {
        context.line(x + width * 0.3, y + 0.5, x + width * 0.7, y + 0.5, width: 0.6, color: context.style.rule)
    }
}
