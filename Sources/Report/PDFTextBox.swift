import CCairo
import Plotting

/// Text (paragraph, heading, list item, quote line) laid out by Pango; splits between lines, keeping
/// at least two lines on each side.
struct PDFTextBox: PDFBox {
    let layout: TextLayout
    let lineBottoms: [Double]
    var top: Double = 0
    var bottom: Double
    /// Left offset inside the text column (lists, quotes).
    var indent: Double = 0
    /// A list bullet or number drawn left of the first line.
    var marker: TextLayout? = nil
    /// Draw a quote bar left of the text.
    var quoteBar = false
    var spaceBefore: Double = 0
    var spaceAfter: Double = 0
    var keepWithNext = false
    var anchor: String? = nil
    var outline: (level: Int, title: String)? = nil

    init(layout: TextLayout, indent: Double = 0) {
        self.layout = layout
        lineBottoms = layout.lineBottoms
        bottom = layout.height
        self.indent = indent
    }

    var height: Double { bottom - top }

    func split(available: Double) -> (PDFBox, PDFBox)? {
        let inside = lineBottoms.filter { $0 > top + 0.01 && $0 <= bottom + 0.01 }
        guard inside.count >= 4 else { return nil }
        guard let cut = inside.dropLast(2).last(where: { $0 - top <= available }),
              inside.firstIndex(of: cut)! >= 1 else { return nil }
        var head = self
        head.bottom = cut
        head.spaceAfter = 0
        head.keepWithNext = false
        var tail = self
        tail.top = cut
        tail.marker = nil
        tail.spaceBefore = 0
        tail.anchor = nil
        tail.outline = nil
        return (head, tail)
    }

    func draw(_ context: PDFDrawContext, x: Double, y: Double) {
        context.setColor(context.style.ink)
        if let marker, top == 0 {
            marker.draw(in: context.cr, x: x + indent - marker.width - 5, y: y)
        }
        if quoteBar {
            context.fill(x: x + indent - 10, y: y, width: 2, height: height, color: context.style.rule)
        }
        context.setColor(context.style.ink)
        if top == 0 && bottom >= layout.height - 0.01 {
            layout.draw(in: context.cr, x: x + indent, y: y)
        } else {
            layout.drawSlice(in: context.cr, x: x + indent, y: y, top: top, bottom: bottom)
        }
    }
}
