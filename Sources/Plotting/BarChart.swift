/// A bar chart: one bar per category and group (groups sit side by side), with optional error bars.
public struct BarChart: Codable, Sendable, Equatable {
    public var categories: [String]
    public var groups: [BarGroup]
    public var xLabel: String
    public var y: Axis

    public init(categories: [String], groups: [BarGroup], xLabel: String = "", y: Axis = Axis()) {
        self.categories = categories
        self.groups = groups
        self.xLabel = xLabel
        self.y = y
    }

    func validate() throws {
        guard !categories.isEmpty, !groups.isEmpty else { throw PlottingError.invalidFigure("bar chart has no bars") }
        try y.validate(name: "y")
        for group in groups {
            guard group.values.count == categories.count else {
                throw PlottingError.invalidFigure(
                    "bar group '\(group.name)' has \(group.values.count) values for \(categories.count) categories")
            }
            if let errors = group.errors, errors.count != categories.count {
                throw PlottingError.invalidFigure(
                    "bar group '\(group.name)' has \(errors.count) error bars for \(categories.count) categories")
            }
        }
    }
}

/// One series of bars (one value per category).
public struct BarGroup: Codable, Sendable, Equatable {
    public var name: String
    public var values: [Double]
    public var errors: [Double]?
    public var color: Color?

    public init(_ name: String, values: [Double], errors: [Double]? = nil, color: Color? = nil) {
        self.name = name
        self.values = values
        self.errors = errors
        self.color = color
    }
}
