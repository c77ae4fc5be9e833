/// Draws a `BarChart`: grouped bars per category, from zero (or the axis floor on log axes), with
/// optional error bars.
struct BarChartRenderer {
    let bars: BarChart
    let canvas: Canvas

    func draw(in rect: Rect) {
        let colors = bars.groups.enumerated().map { $1.color ?? Color.palette[$0 % Color.palette.count] }
        var values: [Double] = []
        for group in bars.groups {
            for (i, v) in group.values.enumerated() {
                values.append(v)
                if let e = group.errors?[i], e.isFinite { values += [v - abs(e), v + abs(e)] }
            }
        }
        let yScale = AxisScale(axis: bars.y, values: values, includeZero: true)
        var area = rect
        if bars.groups.count > 1 || !bars.groups[0].name.isEmpty {
            let legend = Legend(entries: zip(bars.groups, colors).map { .init(name: $0.name, color: $1, sample: .box) },
                                canvas: canvas)
            let height = legend.height(width: rect.width)
            legend.draw(in: rect)
            area = rect.inset(top: height)
        }
        let n = Double(bars.categories.count)
        let categories = bars.categories.enumerated().map { ((Double($0) + 0.5) / n, $1) }
        let frame = AxesFrame(canvas: canvas, area: area, x: nil, xLabel: bars.xLabel,
                              left: .init(scale: yScale, label: bars.y.label), right: nil, categories: categories)
        frame.drawGrid()
        let slot = frame.plot.width / n
        let barWidth = slot * 0.8 / Double(bars.groups.count)
        let baseFraction = yScale.isLog ? 0 : min(max(yScale.fraction(0) ?? 0, 0), 1)
        for (g, group) in bars.groups.enumerated() {
            for (i, value) in group.values.enumerated() {
                let x = frame.plot.x + slot * Double(i) + slot * 0.1 + barWidth * Double(g)
                guard let f = yScale.fraction(value) else { continue }
                let top = frame.point(xFraction: 0, yFraction: min(max(f, 0), 1)).y
                let base = frame.point(xFraction: 0, yFraction: baseFraction).y
                canvas.fill(Rect(x: x + 0.5, y: min(top, base), width: max(barWidth - 1, 0.5), height: abs(base - top)),
                            color: colors[g])
                if let e = group.errors?[i], e.isFinite,
                   let hi = yScale.fraction(value + abs(e)) {
                    let lo = yScale.fraction(value - abs(e)) ?? 0
                    let cx = x + barWidth / 2
                    let y0 = frame.point(xFraction: 0, yFraction: min(max(lo, 0), 1)).y
                    let y1 = frame.point(xFraction: 0, yFraction: min(max(hi, 0), 1)).y
                    let ink = canvas.style.axisColor
                    canvas.line(cx, y0, cx, y1, width: 0.9, color: ink)
                    canvas.line(cx - 2.5, y0, cx + 2.5, y0, width: 0.9, color: ink)
                    canvas.line(cx - 2.5, y1, cx + 2.5, y1, width: 0.9, color: ink)
                }
            }
        }
        frame.drawAxes()
    }
}
