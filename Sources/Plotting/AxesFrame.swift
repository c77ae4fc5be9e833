import CCairo

/// The rectangle of a plot with its axes: computes the margins that the tick labels and axis
/// labels need, then draws grid, spines, ticks and labels around it.
struct AxesFrame {
    /// A vertical axis drawn on the left (primary) or on the right (twin).
    struct VerticalAxis {
        let scale: AxisScale
        let label: String
    }

    let canvas: Canvas
    let plot: Rect
    let x: AxisScale?
    let xLabel: String
    let left: VerticalAxis
    let right: VerticalAxis?
    /// Category labels instead of x ticks (bar charts): centre fractions and texts.
    let categories: [(fraction: Double, label: String)]
    let rotatesCategories: Bool

    private var style: FigureStyle { canvas.style }

    init(canvas: Canvas, area: Rect, x: AxisScale?, xLabel: String, left: VerticalAxis, right: VerticalAxis?,
         categories: [(fraction: Double, label: String)] = []) {
        self.canvas = canvas
        self.x = x
        self.xLabel = xLabel
        self.left = left
        self.right = right
        self.categories = categories
        let style = canvas.style
        let lineHeight = canvas.measure("Ag").height
        func maxLabelWidth(_ axis: VerticalAxis) -> Double {
            axis.scale.ticks().major.map { canvas.measure($0.label).width }.max() ?? 0
        }
        let leftWidth = (left.label.isEmpty ? 0 : lineHeight + 4) + maxLabelWidth(left) + 3 + style.tickLength
        var rightWidth = 6.0
        if let right {
            rightWidth = style.tickLength + 3 + maxLabelWidth(right) + (right.label.isEmpty ? 0 : 4 + lineHeight)
        } else if let x, let last = x.ticks().major.last, let f = x.fraction(last.value), f > 0.97 {
            rightWidth = max(6, canvas.measure(last.label).width / 2 + 1)
        }
        // Category labels: rotate them when the widest does not fit its slot.
        let slot = categories.isEmpty ? 0 : (area.width - leftWidth - rightWidth) / Double(categories.count)
        let widest = categories.map { canvas.measure($0.label).width }.max() ?? 0
        rotatesCategories = !categories.isEmpty && widest > slot - 3
        let tickLabelHeight = rotatesCategories ? min(widest * 0.75 + lineHeight * 0.7, area.height * 0.35) : lineHeight
        let bottom = style.tickLength + 2 + tickLabelHeight + (xLabel.isEmpty ? 0 : 3 + lineHeight)
        plot = area.inset(left: leftWidth, top: lineHeight / 2 + 1, right: rightWidth, bottom: bottom)
    }

    func point(xFraction: Double, yFraction: Double) -> (x: Double, y: Double) {
        (plot.x + xFraction * plot.width, plot.maxY - yFraction * plot.height)
    }

    /// Grid lines behind the data.
    func drawGrid() {
        for tick in left.scale.ticks().major {
            guard let f = left.scale.fraction(tick.value), f >= -1e-9, f <= 1 + 1e-9 else { continue }
            let y = plot.maxY - f * plot.height
            canvas.line(plot.minX, y, plot.maxX, y, width: 0.5, color: style.gridColor)
        }
        if let x {
            for tick in x.ticks().major {
                guard let f = x.fraction(tick.value), f >= -1e-9, f <= 1 + 1e-9 else { continue }
                let px = plot.x + f * plot.width
                canvas.line(px, plot.minY, px, plot.maxY, width: 0.5, color: style.gridColor)
            }
        }
    }

    /// Spines, ticks, tick labels and axis labels.
    func drawAxes() {
        let color = style.axisColor
        canvas.line(plot.minX, plot.maxY, plot.maxX, plot.maxY, width: style.axisLineWidth, color: color)
        canvas.line(plot.minX, plot.minY, plot.minX, plot.maxY, width: style.axisLineWidth, color: color)
        drawVertical(left, at: plot.minX, direction: -1)
        if let right {
            canvas.line(plot.maxX, plot.minY, plot.maxX, plot.maxY, width: style.axisLineWidth, color: color)
            drawVertical(right, at: plot.maxX, direction: 1)
        }
        let lineHeight = canvas.measure("Ag").height
        let labelTop = plot.maxY + style.tickLength + 2
        if let x {
            let ticks = x.ticks()
            for minor in ticks.minor {
                guard let f = x.fraction(minor), f >= 0, f <= 1 else { continue }
                let px = plot.x + f * plot.width
                canvas.line(px, plot.maxY, px, plot.maxY + style.tickLength * 0.6, width: 0.5, color: color)
            }
            for tick in ticks.major {
                guard let f = x.fraction(tick.value), f >= -1e-9, f <= 1 + 1e-9 else { continue }
                let px = plot.x + f * plot.width
                canvas.line(px, plot.maxY, px, plot.maxY + style.tickLength, width: style.axisLineWidth, color: color)
                canvas.text(tick.label, x: px, y: labelTop, anchor: .top)
            }
        }
        for category in categories {
            let px = plot.x + category.fraction * plot.width
            if rotatesCategories {
                drawRotatedCategory(category.label, x: px, y: labelTop)
            } else {
                canvas.text(category.label, x: px, y: labelTop, anchor: .top)
            }
        }
        if !xLabel.isEmpty {
            canvas.text(xLabel, x: plot.midX, y: labelTop + tickLabelBlockHeight(lineHeight) + 3, anchor: .top)
        }
    }

    private func tickLabelBlockHeight(_ lineHeight: Double) -> Double {
        guard rotatesCategories else { return lineHeight }
        let widest = categories.map { canvas.measure($0.label).width }.max() ?? 0
        return min(widest * 0.75 + lineHeight * 0.7, (plot.height + 100) * 0.35)
    }

    private func drawRotatedCategory(_ label: String, x: Double, y: Double) {
        let layout = canvas.layout(label)
        cairo_save(canvas.cr)
        cairo_translate(canvas.cr, x + 2, y)
        cairo_rotate(canvas.cr, -Double.pi / 5)
        canvas.setColor(style.textColor)
        layout.draw(in: canvas.cr, x: -layout.width, y: 0)
        cairo_restore(canvas.cr)
    }

    private func drawVertical(_ axis: VerticalAxis, at x: Double, direction: Double) {
        let color = style.axisColor
        let ticks = axis.scale.ticks()
        for minor in ticks.minor {
            guard let f = axis.scale.fraction(minor), f >= 0, f <= 1 else { continue }
            let y = plot.maxY - f * plot.height
            canvas.line(x, y, x + direction * style.tickLength * 0.6, y, width: 0.5, color: color)
        }
        var widest = 0.0
        for tick in ticks.major {
            guard let f = axis.scale.fraction(tick.value), f >= -1e-9, f <= 1 + 1e-9 else { continue }
            let y = plot.maxY - f * plot.height
            canvas.line(x, y, x + direction * style.tickLength, y, width: style.axisLineWidth, color: color)
            let size = canvas.text(tick.label, x: x + direction * (style.tickLength + 3), y: y,
                                   anchor: direction < 0 ? .right : .left)
            widest = max(widest, size.width)
        }
        if !axis.label.isEmpty {
            let offset = style.tickLength + 3 + widest + 4
            let labelX = x + direction * offset
            canvas.text(axis.label, x: labelX, y: plot.midY, anchor: direction < 0 ? .bottom : .top, rotated: true)
        }
    }
}
