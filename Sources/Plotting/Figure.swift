/// A figure as a value: what to draw, not how. Figures are `Codable`, so a chapter can freeze them
/// with its results and the report can re-render them later as vectors (PDF, SVG) or pixels (PNG).
///
/// Sizes are in typographic points (1/72 inch); the report scales a figure down to the text width
/// when it is wider.
public struct Figure: Codable, Sendable, Equatable {
    /// An optional title drawn above the content (reports usually put the caption below instead).
    public var title: String?
    /// Natural width in points.
    public var width: Double
    /// Natural height in points.
    public var height: Double
    /// What the figure shows.
    public var content: FigureContent

    public init(title: String? = nil, width: Double = 420, height: Double = 250, content: FigureContent) {
        self.title = title
        self.width = width
        self.height = height
        self.content = content
    }

    /// A line / scatter chart.
    public static func chart(_ chart: Chart, title: String? = nil, width: Double = 420, height: Double = 250) -> Figure {
        Figure(title: title, width: width, height: height, content: .chart(chart))
    }

    /// A bar chart.
    public static func bars(_ bars: BarChart, title: String? = nil, width: Double = 420, height: Double = 250) -> Figure {
        Figure(title: title, width: width, height: height, content: .bars(bars))
    }

    /// A heatmap with a colour bar.
    public static func heatmap(_ heatmap: Heatmap, title: String? = nil, width: Double = 420, height: Double = 300) -> Figure {
        Figure(title: title, width: width, height: height, content: .heatmap(heatmap))
    }

    /// A grid of grayscale images with row and column labels. The default height keeps the cells square.
    public static func imageGrid(_ grid: ImageGrid, title: String? = nil, width: Double = 420, height: Double? = nil) -> Figure {
        Figure(title: title, width: width, height: height ?? grid.naturalHeight(forWidth: width, hasTitle: title != nil),
               content: .imageGrid(grid))
    }

    /// Checks that the figure can be drawn (matching array lengths, finite sizes, positive log data).
    /// Renderers call this and draw the message instead of the figure when it fails.
    public func validate() throws {
        guard width.isFinite, height.isFinite, width >= 40, height >= 40, width <= 5000, height <= 5000 else {
            throw PlottingError.invalidFigure("figure size \(width)×\(height) pt is outside 40…5000 pt")
        }
        switch content {
        case .chart(let chart): try chart.validate()
        case .bars(let bars): try bars.validate()
        case .heatmap(let heatmap): try heatmap.validate()
        case .imageGrid(let grid): try grid.validate()
        }
    }
}

/// The kinds of figure the report can draw.
public enum FigureContent: Codable, Sendable, Equatable {
    case chart(Chart)
    case bars(BarChart)
    case heatmap(Heatmap)
    case imageGrid(ImageGrid)
}
