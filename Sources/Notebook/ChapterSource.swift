/// A chapter's `main.swift` split into prose and code cells.
///
/// - Prose is playground markup: `/*: … */` blocks and runs of `//:` lines, written in Markdown.
/// - Code between prose blocks forms a cell; an option line `//| key: value` belongs to the cell it
///   is in, and one that follows code starts a new cell.
/// - The code lines (not prose, not options, not blank) are what the staleness key covers, and an
///   output's anchor is the ordinal of its line among them.
public struct ChapterSource: Sendable, Equatable {
    /// One line of source with its 1-based number.
    public struct Line: Sendable, Equatable {
        public var number: Int
        public var text: String
    }

    /// A block of Markdown prose.
    public struct Prose: Sendable, Equatable {
        public var markdown: String
        public var firstLine: Int
    }

    /// A code cell: its lines (blank lines at either end trimmed) and options.
    public struct Cell: Sendable, Equatable {
        public var lines: [Line]
        public var options: CellOptions
        public var code: String { lines.map(\.text).joined(separator: "\n") }
        public var lineRange: ClosedRange<Int>? {
            guard let first = lines.first, let last = lines.last else { return nil }
            return first.number...last.number
        }
    }

    public enum Segment: Sendable, Equatable {
        case prose(Prose)
        case cell(Cell)
    }

    public private(set) var segments: [Segment] = []
    /// Line numbers of the code lines, in order.
    public private(set) var codeLineNumbers: [Int] = []
    /// The code lines' text (trailing spaces removed), in order.
    public private(set) var codeLines: [String] = []

    public init(text: String) {
        var prose: [String]? = nil   // inside `/*: … */`
        var proseStart = 0
        var lineProse: [String] = [] // a run of `//:` lines
        var lineProseStart = 0
        var cell: [Line] = []
        var options = CellOptions()
        var cellHasCode = false

        func flushCell() {
            var lines = cell
            while let first = lines.first, first.text.trimmingWhitespace().isEmpty { lines.removeFirst() }
            while let last = lines.last, last.text.trimmingWhitespace().isEmpty { lines.removeLast() }
            if !lines.isEmpty || !options.isEmpty {
                segments.append(.cell(Cell(lines: ChapterSource.dedent(lines), options: options)))
            }
            cell = []
            options = CellOptions()
            cellHasCode = false
        }
        func flushLineProse() {
            guard !lineProse.isEmpty else { return }
            segments.append(.prose(Prose(markdown: ChapterSource.dedent(lineProse).joined(separator: "\n"), firstLine: lineProseStart)))
            lineProse = []
        }

        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { String($0.hasSuffix("\r") ? $0.dropLast() : $0) }
        for (index, raw) in lines.enumerated() {
            let number = index + 1
            if var block = prose {
                if let end = raw.range(of: "*/") {
                    block.append(String(raw[..<end.lowerBound]))
                    segments.append(.prose(Prose(markdown: ChapterSource.dedent(block).joined(separator: "\n")
                                                    .trimmingBlankLines(), firstLine: proseStart)))
                    prose = nil
                } else {
                    block.append(raw)
                    prose = block
                }
                continue
            }
            let trimmed = raw.trimmingWhitespace()
            if trimmed.hasPrefix("//:") {
                flushCell()
                if lineProse.isEmpty { lineProseStart = number }
                var content = String(trimmed.dropFirst(3))
                if content.hasPrefix(" ") { content.removeFirst() }
                lineProse.append(content)
                continue
            }
            flushLineProse()
            if trimmed.hasPrefix("/*:") {
                flushCell()
                proseStart = number
                let rest = String(trimmed.dropFirst(3))
                if let end = rest.range(of: "*/") {
                    segments.append(.prose(Prose(markdown: String(rest[..<end.lowerBound]).trimmingWhitespace(), firstLine: number)))
                } else {
                    prose = rest.trimmingWhitespace().isEmpty ? [] : [rest.trimmingWhitespace()]
                }
                continue
            }
            if trimmed.hasPrefix("//|") {
                if cellHasCode { flushCell() }
                options.add(line: String(trimmed.dropFirst(3)))
                continue
            }
            cell.append(Line(number: number, text: raw))
            if !trimmed.isEmpty {
                cellHasCode = true
                codeLineNumbers.append(number)
                codeLines.append(raw.trimmingTrailingWhitespace())
            }
        }
        if let block = prose {  // unterminated `/*:` (the compiler would reject it too)
            segments.append(.prose(Prose(markdown: ChapterSource.dedent(block).joined(separator: "\n").trimmingBlankLines(),
                                         firstLine: proseStart)))
        }
        flushLineProse()
        flushCell()
    }

    /// The text the staleness key covers: the code lines joined by newlines.
    public var keyText: String { codeLines.joined(separator: "\n") }

    /// The anchor (ordinal among code lines) of a source line; a non-code line takes the code line before it.
    public func anchor(forLine line: Int) -> Int? {
        var low = 0, high = codeLineNumbers.count
        while low < high {
            let mid = (low + high) / 2
            if codeLineNumbers[mid] <= line { low = mid + 1 } else { high = mid }
        }
        return low > 0 ? low - 1 : (codeLineNumbers.isEmpty ? nil : 0)
    }

    /// The source line of an anchor, if the source still has that many code lines.
    public func line(forAnchor anchor: Int) -> Int? {
        codeLineNumbers.indices.contains(anchor) ? codeLineNumbers[anchor] : nil
    }

    /// Index into `segments` of the cell containing a source line.
    public func segmentIndex(containingLine line: Int) -> Int? {
        for (index, segment) in segments.enumerated() {
            if case .cell(let cell) = segment, let range = cell.lineRange, range.contains(line) { return index }
        }
        return nil
    }

    private static func dedent(_ lines: [String]) -> [String] {
        let indents = lines.filter { !$0.trimmingWhitespace().isEmpty }.map { $0.prefix(while: { $0 == " " || $0 == "\t" }).count }
        let common = indents.min() ?? 0
        return lines.map { $0.trimmingWhitespace().isEmpty ? "" : String($0.dropFirst(common)) }
    }

    private static func dedent(_ lines: [Line]) -> [Line] {
        let texts = dedent(lines.map(\.text))
        return zip(lines, texts).map { Line(number: $0.number, text: $1.trimmingTrailingWhitespace()) }
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var s = Substring(self)
        while let c = s.first, c.isWhitespace { s.removeFirst() }
        while let c = s.last, c.isWhitespace { s.removeLast() }
        return String(s)
    }

    func trimmingTrailingWhitespace() -> String {
        var s = Substring(self)
        while let c = s.last, c.isWhitespace { s.removeLast() }
        return String(s)
    }

    func trimmingBlankLines() -> String {
        var lines = split(separator: "\n", omittingEmptySubsequences: false)
        while let first = lines.first, first.allSatisfy(\.isWhitespace) { lines.removeFirst() }
        while let last = lines.last, last.allSatisfy(\.isWhitespace) { lines.removeLast() }
        return lines.joined(separator: "\n")
    }
}
