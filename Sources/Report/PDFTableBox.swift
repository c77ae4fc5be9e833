import Plotting

/// A table in booktabs style (rules above, below the header and at the end), caption above,
/// columns sized to their content and wrapped when the table is wider than the column. Splits
/// between rows; the continuation repeats the header.
struct PDFTableBox: PDFBox {
    struct Row {
        var cells: [TextLayout]
        var height: Double
    }

    let caption: TextLayout?
    let header: Row
    var rows: [Row]
    let columnWidths: [Double]
    let columnWidth: Double
    let indent: Double
    var anchor: String?
    var continued = false
    let cellPadding = 4.0
    let rowPadding = 2.6
    var spaceBefore: Double { 8 }
    var spaceAfter: Double { 10 }

    /// - Parameter cells: markup per cell; `header` is the first row.
    /// - Parameter flexibleColumns: the columns that wrap when the table is too wide (nil: any).
    init(caption: String?, header: [String], rows: [[String]], alignments: [TableBlock.Alignment], anchor: String?,
         context: PDFDrawContext, columnWidth: Double, indent: Double = 0, size: Double? = nil, flexibleColumns: Set<Int>? = nil) {
        let style = context.style
        let size = size ?? style.smallSize + 0.2
        let font = style.font(style.serif, size)
        let boldFont = style.font(style.serif, size, bold: true)
        self.columnWidth = columnWidth
        self.indent = indent
        self.anchor = anchor
        let columns = header.count
        let padding = cellPadding
        // Natural (unwrapped) widths, then shrink wide columns to fit.
        var natural = [Double](repeating: 0, count: columns)
        for (i, cell) in header.enumerated() { natural[i] = context.layout(cell, font: boldFont).width }
        for row in rows {
            for (i, cell) in row.prefix(columns).enumerated() { natural[i] = max(natural[i], context.layout(cell, font: font).width) }
        }
        let available = columnWidth - indent - 2 * padding * Double(columns)
        let widths = PDFTableBox.fit(natural, into: available, flexible: flexibleColumns).map { $0 + 2 * padding }
        columnWidths = widths
        let verticalPadding = rowPadding

        func makeRow(_ cells: [String], bold: Bool) -> Row {
            let layouts = (0..<columns).map { i -> TextLayout in
                let alignment: TextLayout.Alignment = i < alignments.count
                    ? (alignments[i] == .right ? .right : alignments[i] == .center ? .center : .left) : .left
                return context.layout(i < cells.count ? cells[i] : "", font: bold ? boldFont : font,
                                      width: widths[i] - 2 * padding, alignment: alignment, lineSpacing: style.lineSpacing)
            }
            return Row(cells: layouts, height: (layouts.map(\.height).max() ?? 0) + 2 * verticalPadding)
        }
        self.header = makeRow(header, bold: true)
        self.rows = rows.map { makeRow($0, bold: false) }
        self.caption = caption.map {
            context.layout($0, font: style.font(style.serif, style.smallSize), width: columnWidth - indent,
                           lineSpacing: style.lineSpacing)
        }
    }

    /// Column widths: columns narrower than a fair share keep their width, the rest share what is left.
    /// With `flexible`, only those columns shrink; the others keep their natural width.
    static func fit(_ natural: [Double], into available: Double, flexible: Set<Int>? = nil) -> [Double] {
        guard natural.reduce(0, +) > available, available > 0 else { return natural }
        if let flexible, !flexible.isEmpty {
            let columns = natural.indices.filter { flexible.contains($0) }
            let rigid = natural.indices.filter { !flexible.contains($0) }.map { natural[$0] }.reduce(0, +)
            let shrunk = fit(columns.map { natural[$0] }, into: max(available - rigid, 24 * Double(columns.count)))
            var widths = natural
            for (k, i) in columns.enumerated() { widths[i] = shrunk[k] }
            return widths
        }
        var widths = natural
        var open = Set(natural.indices)
        var remaining = available
        while true {
            let fair = remaining / Double(max(open.count, 1))
            let fixed = open.filter { natural[$0] <= fair }
            if fixed.isEmpty { break }
            for i in fixed { widths[i] = natural[i]; remaining -= natural[i]; open.remove(i) }
        }
        let wide = open.map { natural[$0] }.reduce(0, +)
        for i in open { widths[i] = max(remaining * natural[i] / max(wide, 1), 24) }
        return widths
    }

    private var captionHeight: Double { caption.map { $0.height + 4 } ?? 0 }
    var height: Double { captionHeight + header.height + rows.reduce(0) { $0 + $1.height } + 2 }

    func split(available: Double) -> (PDFBox, PDFBox)? {
        guard rows.count >= 16 else { return nil }  // short tables move to the next page whole
        var used = captionHeight + header.height + 2
        var count = 0
        for row in rows {
            if used + row.height > available { break }
            used += row.height
            count += 1
        }
        guard count >= 2, rows.count - count >= 2 else { return nil }
        var head = self
        head.rows = Array(rows.prefix(count))
        var tail = self
        tail.rows = Array(rows.dropFirst(count))
        tail.anchor = nil
        tail.continued = true
        return (head, tail)
    }

    func draw(_ context: PDFDrawContext, x: Double, y: Double) {
        let style = context.style
        var y = y
        let tableWidth = columnWidths.reduce(0, +)
        let left = x + indent + max(0, (columnWidth - indent - tableWidth) / 2)
        if let caption {
            context.setColor(style.ink)
            if continued {
                let note = context.layout("<i>(continued)</i>", font: style.font(style.serif, style.smallSize))
                note.draw(in: context.cr, x: left, y: y)
                y += note.height + 4
            } else {
                caption.draw(in: context.cr, x: x + indent, y: y)
                y += captionHeight
            }
        }
        context.line(left, y, left + tableWidth, y, width: 0.8, color: style.ink)
        y += 1
        drawRow(header, context: context, x: left, y: y)
        y += header.height
        context.line(left, y, left + tableWidth, y, width: 0.45, color: style.ink)
        for row in rows {
            drawRow(row, context: context, x: left, y: y)
            y += row.height
        }
        context.line(left, y + 0.5, left + tableWidth, y + 0.5, width: 0.8, color: style.ink)
    }

    private func drawRow(_ row: Row, context: PDFDrawContext, x: Double, y: Double) {
        var cx = x
        for (i, cell) in row.cells.enumerated() {
            context.setColor(context.style.ink)
            cell.draw(in: context.cr, x: cx + cellPadding, y: y + rowPadding)
            cx += columnWidths[i]
        }
    }
}
