/// Options of a code cell, from `//| key: value` lines (Quarto style):
/// `label` (a cross-reference name such as `fig-error`), `caption` (for the cell's figure or table),
/// `echo` (`false` hides the code but keeps the outputs).
public struct CellOptions: Sendable, Equatable {
    public private(set) var values: [String: String] = [:]
    /// Option lines that could not be parsed (shown as a warning in the report).
    public private(set) var problems: [String] = []

    public init() {}

    public var isEmpty: Bool { values.isEmpty && problems.isEmpty }
    public var label: String? { values["label"] }
    public var caption: String? { values["caption"] }
    /// Whether the code is shown (default true).
    public var echo: Bool { values["echo"].map { $0.lowercased() != "false" } ?? true }

    /// Parses the text after `//|`.
    mutating func add(line: String) {
        let text = line.trimmingWhitespace()
        guard let colon = text.firstIndex(of: ":") else {
            if !text.isEmpty { problems.append("option line '\(text)' has no 'key: value'") }
            return
        }
        let key = String(text[..<colon]).trimmingWhitespace().lowercased()
        var value = String(text[text.index(after: colon)...]).trimmingWhitespace()
        if value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first {
            value = String(value.dropFirst().dropLast())
        }
        guard ["label", "caption", "echo"].contains(key) else {
            problems.append("unknown cell option '\(key)' (known: label, caption, echo)")
            return
        }
        // A caption may continue on further `//| caption:` lines.
        if key == "caption", let existing = values[key] { value = existing + " " + value }
        values[key] = value
    }
}
