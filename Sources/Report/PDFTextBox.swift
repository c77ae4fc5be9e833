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
