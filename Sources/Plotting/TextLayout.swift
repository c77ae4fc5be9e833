import CCairo
import CPangoCairo

/// A block of text laid out by Pango for a Cairo context, measured in the context's user units
/// (points for PDF surfaces: the layout uses 72 dpi and unhinted metrics, so text has the same size
/// and line breaks in PDF, SVG and PNG output).
public final class TextLayout {
    /// Horizontal alignment of the lines inside the layout width.
    public enum Alignment: Sendable { case left, center, right }

    private let layout: OpaquePointer

    /// - Parameters:
    ///   - markup: Pango markup (escape plain text with `Markup.escape`). Invalid markup is shown as plain text.
    ///   - font: a Pango font description, e.g. "Charis SIL, DejaVu Serif 10".
    ///   - width: wrap width in user units; `nil` means one line per paragraph.
    ///   - lineSpacing: factor on the font's line height (0 keeps Pango's default).
    ///   - breakAnywhere: also break inside words when a word is wider than the line (for code).
    ///   - hangingIndent: indent of wrapped continuation lines (for code).
    public init(context cr: OpaquePointer, markup: String, font: String, width: Double? = nil,
                alignment: Alignment = .left, justify: Bool = false, lineSpacing: Double = 0,
                breakAnywhere: Bool = false, hangingIndent: Double = 0) {
        layout = pango_cairo_create_layout(cr)
        let context = pango_layout_get_context(layout)
        pango_cairo_context_set_resolution(context, 72)
        let options = cairo_font_options_create()
        cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF)
        cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE)
        pango_cairo_context_set_font_options(context, options)
        cairo_font_options_destroy(options)
        pango_layout_context_changed(layout)

        let description = pango_font_description_from_string(font)
        pango_layout_set_font_description(layout, description)
        pango_font_description_free(description)
        if let width {
            pango_layout_set_width(layout, Int32(max(1, width) * Double(PANGO_SCALE)))
            pango_layout_set_wrap(layout, breakAnywhere ? PANGO_WRAP_WORD_CHAR : PANGO_WRAP_WORD)
        }
        switch alignment {
        case .left: pango_layout_set_alignment(layout, PANGO_ALIGN_LEFT)
        case .center: pango_layout_set_alignment(layout, PANGO_ALIGN_CENTER)
        case .right: pango_layout_set_alignment(layout, PANGO_ALIGN_RIGHT)
        }
        if justify { pango_layout_set_justify(layout, 1) }
        if hangingIndent > 0 { pango_layout_set_indent(layout, Int32(-hangingIndent * Double(PANGO_SCALE))) }
        if lineSpacing > 0 { pango_layout_set_line_spacing(layout, Float(lineSpacing)) }
        if TextLayout.isValidMarkup(markup) {
            pango_layout_set_markup(layout, markup, -1)
        } else {
            pango_layout_set_text(layout, markup, -1)
        }
    }

    deinit { g_object_unref(UnsafeMutableRawPointer(layout)) }

    private static func isValidMarkup(_ markup: String) -> Bool {
        var error: UnsafeMutablePointer<GError>? = nil
        let ok = pango_parse_markup(markup, -1, 0, nil, nil, nil, &error) != 0
        if let error { g_error_free(error) }
        return ok
    }

    private var logicalExtents: PangoRectangle {
        var logical = PangoRectangle()
        pango_layout_get_extents(layout, nil, &logical)
        return logical
    }

    /// Width of the text (or of the wrap width's used part), in user units.
    public var width: Double { Double(logicalExtents.width) / Double(PANGO_SCALE) }
    /// Height of all lines, in user units.
    public var height: Double { Double(logicalExtents.height) / Double(PANGO_SCALE) }
    /// Distance from the top to the first line's baseline.
    public var baseline: Double { Double(pango_layout_get_baseline(layout)) / Double(PANGO_SCALE) }
    /// Number of lines after wrapping.
    public var lineCount: Int { Int(pango_layout_get_line_count(layout)) }

    /// The bottom edge of every line, from the top of the layout (used to split text across pages).
    public var lineBottoms: [Double] {
        var bottoms: [Double] = []
        guard let iterator = pango_layout_get_iter(layout) else { return bottoms }
        defer { pango_layout_iter_free(iterator) }
        repeat {
            var logical = PangoRectangle()
            pango_layout_iter_get_line_extents(iterator, nil, &logical)
            bottoms.append(Double(logical.y + logical.height) / Double(PANGO_SCALE))
        } while pango_layout_iter_next_line(iterator) != 0
        return bottoms
    }

    /// Draws the layout with its top-left corner at (x, y).
    public func draw(in cr: OpaquePointer, x: Double, y: Double) {
        cairo_move_to(cr, x, y)
        pango_cairo_update_layout(cr, layout)
        pango_cairo_show_layout(cr, layout)
    }

    /// Draws only the part between `top` and `bottom` (layout coordinates), placing `top` at y.
    public func drawSlice(in cr: OpaquePointer, x: Double, y: Double, top: Double, bottom: Double) {
        cairo_save(cr)
        cairo_rectangle(cr, x - 2000, y, 6000, bottom - top)
        cairo_clip(cr)
        draw(in: cr, x: x, y: y - top)
        cairo_restore(cr)
    }
}

/// Escaping of plain text for Pango markup.
public enum Markup {
    /// Escapes `& < > ' "` so any text can be embedded in markup.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "'": out += "&#39;"
            case "\"": out += "&quot;"
            default: out.append(character)
            }
        }
        return out
    }
}
