import CCairo
import Plotting

/// A figure drawn as vectors, scaled to fit the column (and the page), with its numbered caption
/// below; never split across pages.
struct PDFFigureBox: PDFBox {
    let figure: Figure
    let scale: Double
    let caption: TextLayout
    let columnWidth: Double
    let anchor: String?
    let captionGap = 5.0
    var spaceBefore: Double { 8 }
    var spaceAfter: Double { 10 }

    init(block: FigureBlock, context: PDFDrawContext, columnWidth: Double, maxHeight: Double) {
        let style = context.style
        figure = block.figure
        self.columnWidth = columnWidth
        anchor = block.anchor
        let markup = "<b>Figure \(block.number).</b>" + (block.caption.isEmpty ? "" : " " + PDFMarkup.inline(block.caption, style: style, size: style.smallSize))
        let captionWidth = min(columnWidth, max(columnWidth * 0.8, 0))
        caption = context.layout(markup, font: style.font(style.serif, style.smallSize), width: captionWidth,
                                 lineSpacing: style.lineSpacing)
        let available = maxHeight - caption.height - captionGap
        scale = min(1, columnWidth / max(figure.width, 1), available / max(figure.height, 1))
    }

    var height: Double { figure.height * scale + captionGap + caption.height }

    func draw(_ context: PDFDrawContext, x: Double, y: Double) {
        let cr = context.cr
        let drawnWidth = figure.width * scale
        cairo_save(cr)
        cairo_translate(cr, x + (columnWidth - drawnWidth) / 2, y)
        cairo_scale(cr, scale, scale)
        figure.draw(in: cr, background: false)
        cairo_restore(cr)
        context.setColor(context.style.ink)
        caption.draw(in: cr, x: x + (columnWidth - caption.width) / 2 > x + columnWidth * 0.1 ? x + (columnWidth - caption.width) / 2 : x + columnWidth * 0.1,
                     y: y + figure.height * scale + captionGap)
    }
}
