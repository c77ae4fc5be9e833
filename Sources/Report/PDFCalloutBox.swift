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
