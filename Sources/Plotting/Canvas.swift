import CCairo

/// Drawing helpers over a Cairo context in the figure style.
struct Canvas {
    /// Where a text box sits relative to its anchor point.
    enum Anchor { case topLeft, top, topRight, left, center, right, bottomLeft, bottom, bottomRight }

    let cr: OpaquePointer
    let style: FigureStyle

    func setColor(_ color: Color, alpha: Double = 1) {
        cairo_set_source_rgba(cr, color.red, color.green, color.blue, alpha)
    }

    func line(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double, width: Double, color: Color, dashed: Bool = false) {
        setColor(color)
        cairo_set_line_width(cr, width)
        setDash(dashed ? [4, 2.5] : [])
        cairo_move_to(cr, x0, y0)
        cairo_line_to(cr, x1, y1)
        cairo_stroke(cr)
        setDash([])
    }

    func setDash(_ pattern: [Double]) {
        pattern.withUnsafeBufferPointer { cairo_set_dash(cr, $0.baseAddress, Int32($0.count), 0) }
    }

    func fill(_ rect: Rect, color: Color, alpha: Double = 1) {
        setColor(color, alpha: alpha)
        cairo_rectangle(cr, rect.x, rect.y, rect.width, rect.height)
        cairo_fill(cr)
    }

    func stroke(_ rect: Rect, color: Color, width: Double) {
        setColor(color)
        cairo_set_line_width(cr, width)
        cairo_rectangle(cr, rect.x, rect.y, rect.width, rect.height)
        cairo_stroke(cr)
    }

    func circle(x: Double, y: Double, radius: Double, color: Color) {
        setColor(color)
        cairo_new_sub_path(cr)
        cairo_arc(cr, x, y, radius, 0, 2 * Double.pi)
        cairo_fill(cr)
    }

    /// Lays out plain text (escaped here) in the figure font.
    func layout(_ text: String, size: Double? = nil, bold: Bool = false, width: Double? = nil,
                alignment: TextLayout.Alignment = .left) -> TextLayout {
        TextLayout(context: cr, markup: Markup.escape(text), font: style.font(size: size, bold: bold),
                   width: width, alignment: alignment)
    }

    /// Size of plain text in the figure font.
    func measure(_ text: String, size: Double? = nil, bold: Bool = false) -> (width: Double, height: Double) {
        let l = layout(text, size: size, bold: bold)
        return (l.width, l.height)
    }

    /// Draws plain text anchored at a point; `rotated` turns it 90° counter-clockwise (for y-axis labels).
    @discardableResult
    func text(_ text: String, x: Double, y: Double, anchor: Anchor, size: Double? = nil, bold: Bool = false,
              rotated: Bool = false, color: Color? = nil, width: Double? = nil,
              alignment: TextLayout.Alignment = .left) -> (width: Double, height: Double) {
        let l = layout(text, size: size, bold: bold, width: width, alignment: alignment)
        draw(l, x: x, y: y, anchor: anchor, rotated: rotated, color: color, boxWidth: width)
        return (width ?? l.width, l.height)
    }

    func draw(_ l: TextLayout, x: Double, y: Double, anchor: Anchor, rotated: Bool = false, color: Color? = nil,
              boxWidth: Double? = nil) {
        let w = boxWidth ?? l.width, h = l.height
        let dx: Double, dy: Double
        switch anchor {
        case .topLeft, .left, .bottomLeft: dx = 0
        case .top, .center, .bottom: dx = -w / 2
        case .topRight, .right, .bottomRight: dx = -w
        }
        switch anchor {
        case .topLeft, .top, .topRight: dy = 0
        case .left, .center, .right: dy = -h / 2
        case .bottomLeft, .bottom, .bottomRight: dy = -h
        }
        setColor(color ?? style.textColor)
        cairo_save(cr)
        cairo_translate(cr, x, y)
        if rotated { cairo_rotate(cr, -Double.pi / 2) }
        l.draw(in: cr, x: dx, y: dy)
        cairo_restore(cr)
    }

    /// Draws a message in place of a figure that could not be drawn.
    func errorMessage(_ message: String, in rect: Rect) {
        fill(rect, color: Color(hex: 0xFFF0F0))
        stroke(rect, color: Color(hex: 0xCC3333), width: 1)
        text(message, x: rect.midX, y: rect.midY, anchor: .center, color: Color(hex: 0x992222),
             width: rect.width - 20, alignment: .center)
    }
}
