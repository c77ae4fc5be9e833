/// A grid of grayscale images (e.g. originals above reconstructions) with row and column labels.
public struct ImageGrid: Codable, Sendable, Equatable {
    /// How pixel values map to gray levels.
    public enum Scaling: Codable, Sendable, Equatable {
        /// Each image is stretched from its own minimum (black) to its maximum (white).
        case perImage
        /// All images share the range `lower…upper`; values outside are clipped.
        case fixed(lower: Float, upper: Float)
    }

    public var columns: Int
    /// Row-major cells; `nil` leaves a cell empty. Rows = ceil(images.count / columns).
    public var images: [GrayImage?]
    public var rowLabels: [String]
    public var columnLabels: [String]
    public var scaling: Scaling

    public init(columns: Int, images: [GrayImage?], rowLabels: [String] = [], columnLabels: [String] = [],
                scaling: Scaling = .perImage) {
        self.columns = columns
        self.images = images
        self.rowLabels = rowLabels
        self.columnLabels = columnLabels
        self.scaling = scaling
    }

    /// Builds a grid from rows of images (all rows must have the same length).
    public init(rows: [[GrayImage?]], rowLabels: [String] = [], columnLabels: [String] = [], scaling: Scaling = .perImage) {
        self.init(columns: rows.map(\.count).max() ?? 0,
                  images: rows.flatMap { row in row + Array(repeating: nil, count: (rows.map(\.count).max() ?? 0) - row.count) },
                  rowLabels: rowLabels, columnLabels: columnLabels, scaling: scaling)
    }

    public var rows: Int { columns > 0 ? (images.count + columns - 1) / columns : 0 }

    func validate() throws {
        guard columns > 0, !images.isEmpty else { throw PlottingError.invalidFigure("image grid has no images") }
        for (i, image) in images.enumerated() { try image?.validate(index: i) }
        guard rowLabels.isEmpty || rowLabels.count == rows else {
            throw PlottingError.invalidFigure("image grid has \(rows) rows but \(rowLabels.count) row labels")
        }
        guard columnLabels.isEmpty || columnLabels.count == columns else {
            throw PlottingError.invalidFigure("image grid has \(columns) columns but \(columnLabels.count) column labels")
        }
        if case .fixed(let lower, let upper) = scaling, !(lower < upper) {
            throw PlottingError.invalidFigure("image grid range \(lower)…\(upper) is empty")
        }
    }

    /// The height (points) that makes the cells square for a figure of the given width.
    func naturalHeight(forWidth width: Double, hasTitle: Bool) -> Double {
        let layout = ImageGridLayout(grid: self, width: width, height: 10_000, style: .standard)
        let top = hasTitle ? FigureStyle.standard.titleHeight : 0
        return (top + layout.usedHeight + 2 * FigureStyle.standard.padding).rounded(.up)
    }
}
