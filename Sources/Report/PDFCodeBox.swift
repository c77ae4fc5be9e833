import Plotting

/// A code cell or fenced code: monospace on a light background with a bar on the left; splits
/// between lines (each part gets its own background).
struct PDFCodeBox: PDFBox {
    let layout: TextLayout
    let lineBottoms: [Double]
    let width: Double
    var top: Double = 0
    var bottom: Double
    var indent: Double = 0
    /// "main.swift:12" in the top-right corner of a cell.
    var label: TextLayout?
    let padding = 5.0
    /// Room above the code for the label.
    var topPadding: Double { label == nil ? padding : padding + 4 }
    var spaceBefore: Double { 5 }
    var spaceAfter: Double { 7 }

    init(layout: TextLayout, width: Double, indent: Double, label: TextLayout?) {
        self.layout = layout
        lineBottoms = layout.lineBottoms
        bottom = layout.height
        self.width = width
        self.indent = indent
        self.label = label
    }

    var height: Double { bottom - top + padding + topPadding }

    func split(available: Double) -> (PDFBox, PDFBox)? {
        let inside = lineBottoms.filter { $0 > top + 0.01 && $0 <= bottom + 0.01 }
        guard inside.count >= 6 else { return nil }
        guard let cut = inside.dropLast(3).last(where: { $0 - top + padding + topPadding <= available }),
              inside.firstIndex(of: cut)! >= 2 else { return nil }
        var head = self
        head.bottom = cut
        var tail = self
        tail.top = cut
        tail.label = nil
        return (head, tail)
    }

    func draw(_ context: PDFDrawContext, x: Double, y: Double) {
        let style = context.style
        context.fill(x: x + indent, y: y, width: width, height: height, color: style.codeBackground)
        context.fill(x: x + indent, y: y, width: 2, height: height, color: style.codeBar)
        if let label {
            context.setColor(style.muted)
            label.draw(in: context.cr, x: x + indent + width - label.width - 4, y: y + 1.5)
        }
        context.setColor(style.ink)
        layout.drawSlice(in: context.cr, x: x + indent + padding + 4, y: y + topPadding, top: top, bottom: bottom)
    }
}
