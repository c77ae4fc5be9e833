/// One axis of a chart: its label, its scale and (optionally) a fixed range.
public struct Axis: Codable, Sendable, Equatable {
    /// Linear or base-10 logarithmic mapping.
    public enum Scale: String, Codable, Sendable { case linear, log }

    public var label: String
    public var scale: Scale
    /// Fixed lower end; `nil` takes it from the data (with a small margin).
    public var lower: Double?
    /// Fixed upper end; `nil` takes it from the data (with a small margin).
    public var upper: Double?

    public init(_ label: String = "", scale: Scale = .linear, lower: Double? = nil, upper: Double? = nil) {
        self.label = label
        self.scale = scale
        self.lower = lower
        self.upper = upper
    }

    /// A log-scaled axis.
    public static func log(_ label: String = "", lower: Double? = nil, upper: Double? = nil) -> Axis {
        Axis(label, scale: .log, lower: lower, upper: upper)
    }

    func validate(name: String) throws {
        if let lower, let upper, !(lower < upper) {
            throw PlottingError.invalidFigure("\(name) axis range \(lower)…\(upper) is empty")
        }
        if scale == .log, let lower, !(lower > 0) {
            throw PlottingError.invalidFigure("\(name) axis is logarithmic but its lower end \(lower) is not positive")
        }
    }
}
