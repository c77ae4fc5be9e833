import Plotting

/// A boxed block with a coloured bar: claims (reproduced / not reproduced) and notices (failures,
/// warnings). Never split.
struct PDFCalloutBox: PDFBox {
    let layouts: [TextLayout]
    let barColor: Color
    let background: Color
    let width: Double
    let indent: Double
    var anchor: String?
    let padding = 7.0
    let gap = 3.0
    var spaceBefore: Double { 8 }
    var spaceAfter: Double { 10 }

    init(layouts: [TextLayout], barColor: Color, background: Color, width: Double, indent: Double, anchor: String? = nil) {
        self.layouts = layouts
        self.barColor = barColor
        self.background = background
        self.width = width
        self.indent = indent
        self.anchor = anchor
    }

    /// Width available to the text inside a callout of the given outer width.
    static func innerWidth(_ width: Double) -> Double { width - 4 - 2 * 9 }

    var height: Double { layouts.reduce(0) { $0 + $1.height } + gap * Double(max(layouts.count - 1, 0)) + 2 * padding }

    func draw(_ context: PDFDrawContext, x: Double, y: Double) {
        context.fill(x: x + indent, y: y, width: width, height: height, color: background)
        context.fill(x: x + indent, y: y, width: 3, height: height, color: barColor)
        var ty = y + padding
        for layout in layouts {
            context.setColor(context.style.ink)
            layout.draw(in: context.cr, x: x + indent + 4 + 9, y: ty)
            ty += layout.height + gap
        }
    }
}

/// Measured values as a compact two-column list (name, value with unit).
struct PDFValuesBox: PDFBox {
    let rows: [(name: TextLayout, value: TextLayout)]
    let nameWidth: Double
    let indent: Double
    var spaceBefore: Double { 4 }
    var spaceAfter: Double { 8 }

    init(values: [ValueOutputView], context: PDFDrawContext, columnWidth: Double, indent: Double) {
        let style = context.style
        let nameFont = style.font(style.serif, style.smallSize, italic: true)
        let valueFont = style.font(style.mono, style.codeSize + 0.3)
        let names = values.map { context.layout(PDFMarkup.plain($0.name), font: nameFont) }
        nameWidth = min(names.map(\.width).max() ?? 0, columnWidth * 0.55)
        self.indent = indent
        rows = values.map { value in
            (context.layout(PDFMarkup.plain(value.name), font: nameFont, width: columnWidth * 0.55),
             context.layout(PDFMarkup.plain(value.formatted), font: valueFont))
        }
    }

    var height: Double { rows.reduce(0) { $0 + max($1.name.height, $1.value.height) + 2 } }

    func draw(_ context: PDFDrawContext, x: Double, y: Double) {
        var ty = y
        for row in rows {
            context.setColor(context.style.muted)
            row.name.draw(in: context.cr, x: x + indent + 12, y: ty)
            context.setColor(context.style.ink)
            row.value.draw(in: context.cr, x: x + indent + 12 + nameWidth + 12, y: ty + 0.6)
            ty += max(row.name.height, row.value.height) + 2
        }
    }
}

/// The bits of a value the PDF shows.
struct ValueOutputView {
    let name: String
    let formatted: String
}
