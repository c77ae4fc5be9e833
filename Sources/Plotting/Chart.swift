/// A chart with x/y axes: line plots with several series, scatter plots, error bars, confidence
/// bands, log axes and an optional twin y axis on the right.
public struct Chart: Codable, Sendable, Equatable {
    public var series: [Series]
    public var x: Axis
    public var y: Axis
    /// The twin y axis on the right, used by series whose `side` is `.secondary`.
    public var y2: Axis?
    public var showsLegend: Bool

    public init(series: [Series], x: Axis = Axis(), y: Axis = Axis(), y2: Axis? = nil, showsLegend: Bool = true) {
        self.series = series
        self.x = x
        self.y = y
        self.y2 = y2
        self.showsLegend = showsLegend
    }

    func validate() throws {
        guard !series.isEmpty else { throw PlottingError.invalidFigure("chart has no series") }
        try x.validate(name: "x")
        try y.validate(name: "y")
        try y2?.validate(name: "right y")
        for s in series {
            try s.validate()
            if s.side == .secondary && y2 == nil {
                throw PlottingError.invalidFigure("series '\(s.name)' uses the right y axis but the chart has none (set y2)")
            }
        }
    }
}
