import Plotting

/// Where in a chapter's source an output was produced (`#fileID`, `#line`).
public struct SourceLocation: Codable, Sendable, Equatable {
    public var file: String
    public var line: Int
    public init(file: String, line: Int) {
        self.file = file
        self.line = line
    }

    /// Whether the location is in the chapter's `main.swift` (outputs from other files go to the chapter's end).
    public var isMainFile: Bool { file == "main.swift" || file.hasSuffix("/main.swift") }
}

/// One thing a chapter showed: a figure, a table, a named value or a claim checked against numbers.
public enum Output: Codable, Sendable, Equatable {
    case figure(FigureOutput)
    case table(TableOutput)
    case value(ValueOutput)
    case claim(ClaimOutput)
}

/// A figure with an optional caption and label (the cell's `//| caption:` / `//| label:` fill them in when absent).
public struct FigureOutput: Codable, Sendable, Equatable {
    public var figure: Figure
    public var caption: String?
    public var label: String?
    public init(figure: Figure, caption: String? = nil, label: String? = nil) {
        self.figure = figure
        self.caption = caption
        self.label = label
    }
}

/// A table of text cells; columns whose cells all look numeric are right-aligned by the renderers.
public struct TableOutput: Codable, Sendable, Equatable {
    public var header: [String]
    public var rows: [[String]]
    public var caption: String?
    public var label: String?
    public init(header: [String], rows: [[String]], caption: String? = nil, label: String? = nil) {
        self.header = header
        self.rows = rows
        self.caption = caption
        self.label = label
    }
}

/// A measured number with a unit. Prose can quote it as `{{name}}`.
public struct ValueOutput: Codable, Sendable, Equatable {
    public var name: String
    public var number: Double
    public var unit: String
    public init(name: String, number: Double, unit: String = "") {
        self.name = name
        self.number = number
        self.unit = unit
    }

    /// The number with its unit, e.g. "2.38×10⁻⁷" or "12.5 s".
    public var formatted: String {
        let text = NumberFormat.significant(number)
        return unit.isEmpty ? text : "\(text) \(unit)"
    }
}

/// An output with the place that produced it. `anchor` is the ordinal of its line among the chapter's
/// code lines (prose and blank lines excluded); it is what keeps outputs under the right cell when
/// only the prose changed since the run.
public struct RecordedOutput: Codable, Sendable, Equatable {
    public var location: SourceLocation
    public var anchor: Int?
    public var output: Output
    public init(location: SourceLocation, anchor: Int? = nil, output: Output) {
        self.location = location
        self.anchor = anchor
        self.output = output
    }
}
