import CCairo

extension Figure {
    /// Draws the figure at its natural size with its top-left corner at (x, y) into any Cairo context
    /// (the report's PDF pages use this, so figures stay vectors). Scale the context first to draw it
    /// smaller. A figure that fails `validate()` is drawn as a framed error message.
    public func draw(in cr: OpaquePointer, x: Double = 0, y: Double = 0, background: Bool = true) {
        let style = FigureStyle.standard
        let canvas = Canvas(cr: cr, style: style)
        let bounds = Rect(x: x, y: y, width: width, height: height)
        cairo_save(cr)
        cairo_rectangle(cr, bounds.x, bounds.y, bounds.width, bounds.height)
        cairo_clip(cr)
        if background { canvas.fill(bounds, color: .white) }
        do {
            try validate()
        } catch {
            canvas.errorMessage("\(error)", in: bounds.inset(left: 2, top: 2, right: 2, bottom: 2))
            cairo_restore(cr)
            return
        }
        var area = bounds.inset(left: style.padding, top: style.padding, right: style.padding, bottom: style.padding)
        if let title, !title.isEmpty {
            canvas.text(title, x: area.midX, y: area.y, anchor: .top, size: style.titleSize, bold: true,
                        width: area.width, alignment: .center)
            area = area.inset(top: style.titleHeight)
        }
        switch content {
        case .chart(let chart): ChartRenderer(chart: chart, canvas: canvas).draw(in: area)
        case .bars(let bars): BarChartRenderer(bars: bars, canvas: canvas).draw(in: area)
        case .heatmap(let heatmap): HeatmapRenderer(heatmap: heatmap, canvas: canvas).draw(in: area)
        case .imageGrid(let grid): ImageGridRenderer(grid: grid, canvas: canvas).draw(in: area)
        }
        cairo_restore(cr)
    }
}
