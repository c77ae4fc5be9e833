/// A matrix drawn as coloured cells with a colour bar (e.g. a similarity matrix or a sweep over two
/// parameters).
public struct Heatmap: Codable, Sendable, Equatable {
    public var rows: Int
    public var columns: Int
    /// Row-major values, `rows × columns`. Non-finite values are drawn hatched in gray.
    public var values: [Double]
    public var rowLabels: [String]
    public var columnLabels: [String]
    public var xLabel: String
    public var yLabel: String
    public var colorbarLabel: String
    /// Fixed colour range; `nil` uses the data's finite minimum / maximum.
    public var lower: Double?
    public var upper: Double?
    public var colormap: Colormap
    /// Write each cell's value into it.
    public var annotates: Bool

    public init(rows: Int, columns: Int, values: [Double], rowLabels: [String] = [], columnLabels: [String] = [],
                xLabel: String = "", yLabel: String = "", colorbarLabel: String = "",
                lower: Double? = nil, upper: Double? = nil, colormap: Colormap = .viridis, annotates: Bool = false) {
        self.rows = rows
        self.columns = columns
        self.values = values
        self.rowLabels = rowLabels
        self.columnLabels = columnLabels
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.colorbarLabel = colorbarLabel
        self.lower = lower
        self.upper = upper
        self.colormap = colormap
        self.annotates = annotates
    }

    func validate() throws {
        guard rows > 0, columns > 0, rows * columns == values.count else {
            throw PlottingError.invalidFigure("heatmap of \(rows)×\(columns) cells has \(values.count) values")
        }
        guard rowLabels.isEmpty || rowLabels.count == rows else {
            throw PlottingError.invalidFigure("heatmap has \(rows) rows but \(rowLabels.count) row labels")
        }
        guard columnLabels.isEmpty || columnLabels.count == columns else {
            throw PlottingError.invalidFigure("heatmap has \(columns) columns but \(columnLabels.count) column labels")
        }
        if let lower, let upper, !(lower < upper) {
            throw PlottingError.invalidFigure("heatmap colour range \(lower)…\(upper) is empty")
        }
    }

    /// The colour range actually used.
    var range: (lower: Double, upper: Double) {
        let finite = values.filter(\.isFinite)
        var lo = lower ?? finite.min() ?? 0
        var hi = upper ?? finite.max() ?? 1
        if !(lo < hi) { lo -= 0.5; hi += 0.5 }
        return (lo, hi)
    }
}
