import CCairo

/// Cell geometry of an image grid inside a rectangle: label column, label row and square-ish cells.
struct ImageGridLayout {
    let rowLabelWidth: Double
    let columnLabelHeight: Double
    let cellWidth: Double
    let cellHeight: Double
    let gap: Double
    let usedWidth: Double
    let usedHeight: Double

    init(grid: ImageGrid, width: Double, height: Double, style: FigureStyle) {
        let lineHeight = style.fontSize * 1.35
        let widestLabel = grid.rowLabels.map { Double($0.count) * style.fontSize * 0.58 }.max() ?? 0
        rowLabelWidth = grid.rowLabels.isEmpty ? 0 : min(widestLabel, width * 0.28) + 6
        columnLabelHeight = grid.columnLabels.isEmpty ? 0 : lineHeight + 3
        gap = 3
        let columns = Double(max(grid.columns, 1)), rows = Double(max(grid.rows, 1))
        let first = grid.images.compactMap { $0 }.first
        let aspect = first.map { Double($0.height) / Double($0.width) } ?? 1
        let byWidth = (width - rowLabelWidth - gap * (columns - 1)) / columns
        let byHeight = (height - columnLabelHeight - gap * (rows - 1)) / rows / aspect
        cellWidth = max(4, min(byWidth, byHeight))
        cellHeight = cellWidth * aspect
        usedWidth = rowLabelWidth + cellWidth * columns + gap * (columns - 1)
        usedHeight = columnLabelHeight + cellHeight * rows + gap * (rows - 1)
    }
}

/// Draws an `ImageGrid`: each grayscale image as a pixel-exact (nearest-neighbour) bitmap.
struct ImageGridRenderer {
    let grid: ImageGrid
    let canvas: Canvas

    func draw(in rect: Rect) {
        let layout = ImageGridLayout(grid: grid, width: rect.width, height: rect.height, style: canvas.style)
        let origin = (x: rect.x + (rect.width - layout.usedWidth) / 2, y: rect.y + max(0, (rect.height - layout.usedHeight) / 2))
        let cellsX = origin.x + layout.rowLabelWidth
        let cellsY = origin.y + layout.columnLabelHeight
        for (column, label) in grid.columnLabels.enumerated() {
            let x = cellsX + Double(column) * (layout.cellWidth + layout.gap) + layout.cellWidth / 2
            canvas.text(label, x: x, y: cellsY - 3, anchor: .bottom, width: layout.cellWidth + layout.gap,
                        alignment: .center)
        }
        for (row, label) in grid.rowLabels.enumerated() {
            let y = cellsY + Double(row) * (layout.cellHeight + layout.gap) + layout.cellHeight / 2
            canvas.text(label, x: cellsX - 6, y: y, anchor: .right, width: layout.rowLabelWidth - 6, alignment: .right)
        }
        for (index, image) in grid.images.enumerated() {
            guard let image else { continue }
            let row = index / grid.columns, column = index % grid.columns
            let cell = Rect(x: cellsX + Double(column) * (layout.cellWidth + layout.gap),
                            y: cellsY + Double(row) * (layout.cellHeight + layout.gap),
                            width: layout.cellWidth, height: layout.cellHeight)
            drawImage(image, in: cell)
        }
    }

    private func drawImage(_ image: GrayImage, in cell: Rect) {
        let (lower, upper): (Float, Float)
        switch grid.scaling {
        case .perImage: (lower, upper) = image.finiteRange
        case .fixed(let lo, let hi): (lower, upper) = (lo, hi)
        }
        let span = upper > lower ? upper - lower : 1
        guard let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(image.width), Int32(image.height)) else { return }
        defer { cairo_surface_destroy(surface) }
        cairo_surface_flush(surface)
        let stride = Int(cairo_image_surface_get_stride(surface)) / 4
        guard let data = cairo_image_surface_get_data(surface) else { return }
        data.withMemoryRebound(to: UInt32.self, capacity: stride * image.height) { pixels in
            for y in 0..<image.height {
                for x in 0..<image.width {
                    let value = image.pixels[y * image.width + x]
                    if value.isFinite {
                        let level = UInt32(min(max((value - lower) / span, 0), 1) * 255 + 0.5)
                        pixels[y * stride + x] = level << 16 | level << 8 | level
                    } else {
                        pixels[y * stride + x] = 0xFF00FF  // magenta marks NaN / infinity
                    }
                }
            }
        }
        cairo_surface_mark_dirty(surface)
        let cr = canvas.cr
        cairo_save(cr)
        cairo_translate(cr, cell.x, cell.y)
        cairo_scale(cr, cell.width / Double(image.width), cell.height / Double(image.height))
        cairo_set_source_surface(cr, surface, 0, 0)
        cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_NEAREST)
        cairo_rectangle(cr, 0, 0, Double(image.width), Double(image.height))
        cairo_fill(cr)
        cairo_restore(cr)
        canvas.stroke(cell, color: Color(hex: 0x999999), width: 0.4)
    }
}
