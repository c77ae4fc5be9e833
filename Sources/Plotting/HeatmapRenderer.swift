import Foundation

/// Draws a `Heatmap`: coloured cells, row/column labels, axis labels and a colour bar with ticks.
struct HeatmapRenderer {
    let heatmap: Heatmap
    let canvas: Canvas

    func draw(in rect: Rect) {
        let style = canvas.style
        let lineHeight = canvas.measure("Ag").height
        let (lo, hi) = heatmap.range
        let barScale = AxisScale(axis: Axis(lower: lo, upper: hi), values: [lo, hi])
        let barTickWidth = barScale.ticks().major.map { canvas.measure($0.label).width }.max() ?? 0
        let colorbarWidth = 10.0
        let rightMargin = 12 + colorbarWidth + style.tickLength + 3 + barTickWidth
            + (heatmap.colorbarLabel.isEmpty ? 0 : 4 + lineHeight)
        let rowLabelWidth = heatmap.rowLabels.map { canvas.measure($0).width }.max() ?? 0
        let leftMargin = (heatmap.rowLabels.isEmpty ? 0 : rowLabelWidth + 4) + (heatmap.yLabel.isEmpty ? 0 : lineHeight + 4)
        let columnLabelWidth = heatmap.columnLabels.map { canvas.measure($0).width }.max() ?? 0
        let available = rect.width - leftMargin - rightMargin
        let rotateColumns = !heatmap.columnLabels.isEmpty && columnLabelWidth > available / Double(heatmap.columns) - 2
        let columnLabelHeight = heatmap.columnLabels.isEmpty ? 0 : (rotateColumns ? min(columnLabelWidth, rect.height * 0.3) : lineHeight) + 3
        let bottomMargin = columnLabelHeight + (heatmap.xLabel.isEmpty ? 0 : lineHeight + 3)
        let plot = rect.inset(left: leftMargin, top: 2, right: rightMargin, bottom: bottomMargin)
        let cellWidth = plot.width / Double(heatmap.columns)
        let cellHeight = plot.height / Double(heatmap.rows)

        for row in 0..<heatmap.rows {
            for column in 0..<heatmap.columns {
                let value = heatmap.values[row * heatmap.columns + column]
                let cell = Rect(x: plot.x + Double(column) * cellWidth, y: plot.y + Double(row) * cellHeight,
                                width: cellWidth, height: cellHeight)
                guard value.isFinite else {
                    canvas.fill(cell, color: Color(hex: 0xBBBBBB))
                    canvas.line(cell.minX, cell.maxY, cell.maxX, cell.minY, width: 0.5, color: .white)
                    continue
                }
                let t = (value - lo) / (hi - lo)
                let color = heatmap.colormap.color(at: t)
                // Slight overlap hides hairline seams between cells in some viewers.
                canvas.fill(Rect(x: cell.x, y: cell.y, width: cellWidth + 0.3, height: cellHeight + 0.3), color: color)
                if heatmap.annotates {
                    let luminance = 0.299 * color.red + 0.587 * color.green + 0.114 * color.blue
                    canvas.text(HeatmapRenderer.format(value), x: cell.midX, y: cell.midY, anchor: .center,
                                size: style.fontSize * 0.9, color: luminance > 0.55 ? .black : .white)
                }
            }
        }
        canvas.stroke(plot, color: style.axisColor, width: style.axisLineWidth)
        for (row, label) in heatmap.rowLabels.enumerated() {
            canvas.text(label, x: plot.minX - 4, y: plot.y + (Double(row) + 0.5) * cellHeight, anchor: .right)
        }
        for (column, label) in heatmap.columnLabels.enumerated() {
            let x = plot.x + (Double(column) + 0.5) * cellWidth
            if rotateColumns {
                let layout = canvas.layout(label)
                canvas.draw(layout, x: x, y: plot.maxY + 3, anchor: .right, rotated: true)
            } else {
                canvas.text(label, x: x, y: plot.maxY + 3, anchor: .top)
            }
        }
        if !heatmap.xLabel.isEmpty {
            canvas.text(heatmap.xLabel, x: plot.midX, y: plot.maxY + columnLabelHeight + 3, anchor: .top)
        }
        if !heatmap.yLabel.isEmpty {
            canvas.text(heatmap.yLabel, x: rect.minX, y: plot.midY, anchor: .top, rotated: true)
        }
        drawColorbar(Rect(x: plot.maxX + 12, y: plot.y, width: colorbarWidth, height: plot.height), scale: barScale)
    }

    private func drawColorbar(_ bar: Rect, scale: AxisScale) {
        let steps = 64
        for i in 0..<steps {
            let t0 = Double(i) / Double(steps)
            let y = bar.maxY - (t0 + 1 / Double(steps)) * bar.height
            canvas.fill(Rect(x: bar.x, y: y, width: bar.width, height: bar.height / Double(steps) + 0.3),
                        color: heatmap.colormap.color(at: t0 + 0.5 / Double(steps)))
        }
        let style = canvas.style
        canvas.stroke(bar, color: style.axisColor, width: style.axisLineWidth)
        var widest = 0.0
        for tick in scale.ticks().major {
            guard let f = scale.fraction(tick.value), f >= -1e-9, f <= 1 + 1e-9 else { continue }
            let y = bar.maxY - f * bar.height
            canvas.line(bar.maxX, y, bar.maxX + style.tickLength, y, width: style.axisLineWidth, color: style.axisColor)
            widest = max(widest, canvas.text(tick.label, x: bar.maxX + style.tickLength + 3, y: y, anchor: .left).width)
        }
        if !heatmap.colorbarLabel.isEmpty {
            canvas.text(heatmap.colorbarLabel, x: bar.maxX + style.tickLength + 3 + widest + 4, y: bar.midY,
                        anchor: .top, rotated: true)
        }
    }

    static func format(_ value: Double) -> String {
        let magnitude = abs(value)
        if magnitude != 0 && (magnitude < 0.01 || magnitude >= 10_000) { return String(format: "%.1e", value) }
        return TickFormat.minus(String(format: magnitude >= 100 ? "%.0f" : "%.2f", value))
    }
}
