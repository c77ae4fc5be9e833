import Plotting

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
