import CCairo

/// Draws a `Chart`: legend, axes, then bands, lines, error bars and markers of every series.
struct ChartRenderer {
    let chart: Chart
    let canvas: Canvas
    private var style: FigureStyle { canvas.style }

    private func colors() -> [Color] {
        var next = 0
        return chart.series.map { series in
            if let color = series.color { return color }
            defer { next += 1 }
            return Color.palette[next % Color.palette.count]
        }
    }

    private static func yValues(_ series: Series) -> [Double] {
        var values = series.y
        if let errors = series.errors {
            for (y, e) in zip(series.y, errors) where e.isFinite {
                values.append(y - abs(e))
                values.append(y + abs(e))
            }
        }
        if let band = series.band { values += band.lower + band.upper }
        return values
    }

    func draw(in rect: Rect) {
        let colors = colors()
        let primary = chart.series.filter { $0.side == .primary }
        let secondary = chart.series.filter { $0.side == .secondary }
        let xScale = AxisScale(axis: chart.x, values: chart.series.flatMap(\.x))
        let yScale = AxisScale(axis: chart.y, values: primary.flatMap(ChartRenderer.yValues))
        let y2Scale = chart.y2.map { AxisScale(axis: $0, values: secondary.flatMap(ChartRenderer.yValues)) }

        var area = rect
        let named = chart.series.contains { !$0.name.isEmpty }
        if chart.showsLegend && named {
            let entries = zip(chart.series, colors).map { series, color in
                Legend.Entry(name: series.name + (series.side == .secondary ? " (right axis)" : ""), color: color,
                             sample: series.mark == .scatter ? .marker
                                 : .line(dashed: series.dashed, markers: series.mark == .lineAndPoints))
            }
            let legend = Legend(entries: entries, canvas: canvas)
            let height = legend.height(width: rect.width)
            legend.draw(in: rect)
            area = rect.inset(top: height)
        }
        let frame = AxesFrame(canvas: canvas, area: area, x: xScale, xLabel: chart.x.label,
                              left: .init(scale: yScale, label: chart.y.label),
                              right: y2Scale.map { .init(scale: $0, label: chart.y2?.label ?? "") })
        frame.drawGrid()
        cairo_save(canvas.cr)
        cairo_rectangle(canvas.cr, frame.plot.x - 1, frame.plot.y - 1, frame.plot.width + 2, frame.plot.height + 2)
        cairo_clip(canvas.cr)
        for (series, color) in zip(chart.series, colors) {
            let y = series.side == .secondary ? (y2Scale ?? yScale) : yScale
            drawSeries(series, color: color, frame: frame, xScale: xScale, yScale: y)
        }
        cairo_restore(canvas.cr)
        frame.drawAxes()
    }

    /// Runs of consecutive drawable points (a non-finite or non-positive-on-log value breaks a line).
    private func runs(_ x: [Double], _ y: [Double], frame: AxesFrame, xScale: AxisScale, yScale: AxisScale)
        -> [[(x: Double, y: Double)]] {
        var result: [[(x: Double, y: Double)]] = [[]]
        for i in 0..<min(x.count, y.count) {
            if let fx = xScale.fraction(x[i]), let fy = yScale.fraction(y[i]) {
                result[result.count - 1].append(frame.point(xFraction: fx, yFraction: fy))
            } else if !result[result.count - 1].isEmpty {
                result.append([])
            }
        }
        return result.filter { !$0.isEmpty }
    }

    private func drawSeries(_ series: Series, color: Color, frame: AxesFrame, xScale: AxisScale, yScale: AxisScale) {
        let cr = canvas.cr
        if let band = series.band {
            let upper = runs(series.x, band.upper, frame: frame, xScale: xScale, yScale: yScale)
            let lower = runs(series.x, band.lower, frame: frame, xScale: xScale, yScale: yScale)
            for (top, bottom) in zip(upper, lower) where top.count == bottom.count {
                canvas.setColor(color, alpha: 0.18)
                cairo_move_to(cr, top[0].x, top[0].y)
                for p in top.dropFirst() { cairo_line_to(cr, p.x, p.y) }
                for p in bottom.reversed() { cairo_line_to(cr, p.x, p.y) }
                cairo_close_path(cr)
                cairo_fill(cr)
            }
        }
        if let errors = series.errors {
            let cap = 2.5
            for i in series.y.indices {
                guard let fx = xScale.fraction(series.x[i]), errors[i].isFinite,
                      let top = yScale.fraction(series.y[i] + abs(errors[i])) else { continue }
                let bottomFraction = yScale.fraction(series.y[i] - abs(errors[i])) ?? -0.05
                let p0 = frame.point(xFraction: fx, yFraction: bottomFraction)
                let p1 = frame.point(xFraction: fx, yFraction: top)
                canvas.line(p0.x, p0.y, p1.x, p1.y, width: 0.9, color: color)
                canvas.line(p0.x - cap, p0.y, p0.x + cap, p0.y, width: 0.9, color: color)
                canvas.line(p1.x - cap, p1.y, p1.x + cap, p1.y, width: 0.9, color: color)
            }
        }
        let points = runs(series.x, series.y, frame: frame, xScale: xScale, yScale: yScale)
        if series.mark != .scatter {
            canvas.setColor(color)
            cairo_set_line_width(cr, style.lineWidth)
            cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND)
            canvas.setDash(series.dashed ? [4, 2.5] : [])
            for run in points {
                cairo_move_to(cr, run[0].x, run[0].y)
                for p in run.dropFirst() { cairo_line_to(cr, p.x, p.y) }
                if run.count == 1 { cairo_line_to(cr, run[0].x + 0.01, run[0].y) }
                cairo_stroke(cr)
            }
            canvas.setDash([])
        }
        if series.mark != .line {
            for run in points {
                for p in run { canvas.circle(x: p.x, y: p.y, radius: style.markerRadius, color: color) }
            }
        }
    }
}
