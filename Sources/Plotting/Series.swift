/// One data series of a `Chart`: points drawn as a line, markers or both, optionally with
/// symmetric error bars or a shaded band (e.g. a confidence interval).
public struct Series: Codable, Sendable, Equatable {
    /// How the points are drawn.
    public enum Mark: String, Codable, Sendable { case line, scatter, lineAndPoints }
    /// Which y axis the series uses: the left one or the twin axis on the right.
    public enum Side: String, Codable, Sendable { case primary, secondary }

    public var name: String
    public var x: [Double]
    public var y: [Double]
    public var mark: Mark
    /// Half-widths of vertical error bars, one per point.
    public var errors: [Double]?
    /// A shaded band from `lower[i]` to `upper[i]` at `x[i]`.
    public var band: Band?
    public var side: Side
    public var dashed: Bool
    /// A fixed colour; `nil` takes the next colour of the palette.
    public var color: Color?

    public init(_ name: String, x: [Double], y: [Double], mark: Mark = .line, errors: [Double]? = nil,
                band: Band? = nil, side: Side = .primary, dashed: Bool = false, color: Color? = nil) {
        self.name = name
        self.x = x
        self.y = y
        self.mark = mark
        self.errors = errors
        self.band = band
        self.side = side
        self.dashed = dashed
        self.color = color
    }

    /// A series over x = 0, 1, 2, …
    public init(_ name: String, y: [Double], mark: Mark = .line) {
        self.init(name, x: y.indices.map(Double.init), y: y, mark: mark)
    }

    func validate() throws {
        guard x.count == y.count else {
            throw PlottingError.invalidFigure("series '\(name)' has \(x.count) x values but \(y.count) y values")
        }
        if let errors, errors.count != y.count {
            throw PlottingError.invalidFigure("series '\(name)' has \(y.count) points but \(errors.count) error bars")
        }
        if let band, band.lower.count != y.count || band.upper.count != y.count {
            throw PlottingError.invalidFigure(
                "series '\(name)' has \(y.count) points but a band of \(band.lower.count)/\(band.upper.count) values")
        }
    }
}

/// A shaded region around a series (lower and upper edge per point).
public struct Band: Codable, Sendable, Equatable {
    public var lower: [Double]
    public var upper: [Double]
    public init(lower: [Double], upper: [Double]) {
        self.lower = lower
        self.upper = upper
    }
}
