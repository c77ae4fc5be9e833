/// Reads the Markdown subset used in chapter prose into `Block`s: ATX headings, paragraphs, bullet
/// and ordered lists (nested by indentation), block quotes, fenced code, thematic breaks and pipe
/// tables (a `Table: caption` paragraph right before or after a table becomes its caption).
/// Inline syntax is handled by `InlineReader`. Tables come out with number 0; the weaver numbers them.
public enum MarkdownReader {
    public static func blocks(_ text: String) -> [Block] {
        var reader = LineReader(lines: text.split(separator: "\n", omittingEmptySubsequences: false).map { String($0) })
        return reader.readBlocks()
    }
}

private struct LineReader {
    var lines: [String]
    var index = 0

    init(lines: [String]) {
        self.lines = lines.map { $0.replacingOccurrences(of: "\t", with: "    ") }
    }

    static func isBlank(_ line: String) -> Bool { line.allSatisfy(\.isWhitespace) }
    static func indent(_ line: String) -> Int { line.prefix(while: { $0 == " " }).count }

    mutating func readBlocks() -> [Block] {
        var blocks: [Block] = []
        while index < lines.count {
            let line = lines[index]
            if LineReader.isBlank(line) { index += 1; continue }
            let trimmed = line.trimmingWhitespace()
            if let fence = LineReader.fence(trimmed) {
                blocks.append(readFence(fence))
            } else if let heading = LineReader.heading(trimmed), LineReader.indent(line) < 4 {
                blocks.append(.heading(Heading(level: heading.level, text: InlineReader.parse(heading.text), number: "", anchor: "")))
                index += 1
            } else if LineReader.isRule(trimmed) {
                blocks.append(.rule)
                index += 1
            } else if trimmed.hasPrefix(">") {
                blocks.append(readQuote())
            } else if LineReader.listMarker(line) != nil {
                blocks.append(readList())
            } else if isTableStart(index) {
                var table = readTable()
                if case .paragraph(let inlines)? = blocks.last, let caption = LineReader.tableCaption(inlines) {
                    blocks.removeLast()
                    table.caption = caption
                } else if let caption = readTrailingCaption() {
                    table.caption = caption
                }
                blocks.append(.table(table))
            } else {
                blocks.append(readParagraph())
            }
        }
        return blocks
    }

    // MARK: Recognisers

    static func fence(_ trimmed: String) -> String? {
        for marker in ["```", "~~~"] where trimmed.hasPrefix(marker) { return marker }
        return nil
    }

    static func heading(_ trimmed: String) -> (level: Int, text: String)? {
        let hashes = trimmed.prefix(while: { $0 == "#" }).count
        guard (1...6).contains(hashes) else { return nil }
        let rest = trimmed.dropFirst(hashes)
        guard rest.isEmpty || rest.first == " " else { return nil }
        var text = String(rest).trimmingWhitespace()
        while text.hasSuffix("#") { text.removeLast() }
        return (hashes, text.trimmingWhitespace())
    }

    static func isRule(_ trimmed: String) -> Bool {
        let compact = trimmed.filter { $0 != " " }
        guard compact.count >= 3, let first = compact.first, "-*_".contains(first) else { return false }
        return compact.allSatisfy { $0 == first }
    }

    /// A list marker at the start of a line: its kind, start number and the column where content begins.
    static func listMarker(_ line: String) -> (ordered: Bool, start: Int, contentColumn: Int, indent: Int)? {
        let indent = LineReader.indent(line)
        let rest = Array(line.dropFirst(indent))
        guard !rest.isEmpty else { return nil }
        if "-*+".contains(rest[0]) {
            guard rest.count >= 2, rest[1] == " " else { return nil }
            if LineReader.isRule(String(rest)) { return nil }
            let spaces = rest.dropFirst().prefix(while: { $0 == " " }).count
            return (false, 1, indent + 1 + min(max(spaces, 1), 4), indent)
        }
        let digits = rest.prefix(while: { $0.isASCII && $0.isNumber })
        guard (1...9).contains(digits.count), rest.count > digits.count + 1,
              rest[digits.count] == "." || rest[digits.count] == ")", rest[digits.count + 1] == " " else { return nil }
        let spaces = rest.dropFirst(digits.count + 1).prefix(while: { $0 == " " }).count
        return (true, Int(String(digits)) ?? 1, indent + digits.count + 1 + min(max(spaces, 1), 4), indent)
    }

    func isTableStart(_ i: Int) -> Bool {
        guard i + 1 < lines.count, lines[i].contains("|") else { return false }
        return LineReader.isDelimiterRow(lines[i + 1])
    }

    static func isDelimiterRow(_ line: String) -> Bool {
        let cells = splitRow(line)
        guard !cells.isEmpty, line.contains("-") else { return false }
        return cells.allSatisfy { cell in
            let c = cell.trimmingWhitespace()
            let core = c.trimmingCharacters(in: ":")
            return !core.isEmpty && core.allSatisfy { $0 == "-" }
        }
    }

    /// Cells of a pipe-table row (outer pipes optional, `\|` is a literal pipe).
    static func splitRow(_ line: String) -> [String] {
        var text = line.trimmingWhitespace()
        if text.hasPrefix("|") { text.removeFirst() }
        if text.hasSuffix("|") && !text.hasSuffix("\\|") { text.removeLast() }
        var cells: [String] = []
        var current = ""
        var escaped = false
        var inCode = false
        for c in text {
            if escaped {
                current += c == "|" ? "|" : "\\\(c)"
                escaped = false
            } else if c == "\\" {
                escaped = true
            } else if c == "`" {
                inCode.toggle()
                current.append(c)
            } else if c == "|" && !inCode {
                cells.append(current.trimmingWhitespace())
                current = ""
            } else {
                current.append(c)
            }
        }
        if escaped { current += "\\" }
        cells.append(current.trimmingWhitespace())
        return cells
    }

    static func tableCaption(_ inlines: [Inline]) -> [Inline]? {
        guard case .text(let first)? = inlines.first, first.hasPrefix("Table:") else { return nil }
        var caption = inlines
        let rest = String(first.dropFirst("Table:".count).drop(while: \.isWhitespace))
        if rest.isEmpty { caption.removeFirst() } else { caption[0] = .text(rest) }
        return caption
    }

    // MARK: Block readers

    mutating func readFence(_ marker: String) -> Block {
        let openIndent = LineReader.indent(lines[index])
        index += 1
        var body: [String] = []
        while index < lines.count, !lines[index].trimmingWhitespace().hasPrefix(marker) {
            body.append(String(lines[index].dropFirst(min(openIndent, LineReader.indent(lines[index])))))
            index += 1
        }
        index += 1  // closing fence (or end of text)
        return .code(CodeBlock(code: body.joined(separator: "\n"), isCell: false, firstLine: 0))
    }

    mutating func readQuote() -> Block {
        var body: [String] = []
        while index < lines.count {
            let trimmed = lines[index].trimmingWhitespace()
            if trimmed.hasPrefix(">") {
                var content = String(trimmed.dropFirst())
                if content.hasPrefix(" ") { content.removeFirst() }
                body.append(content)
            } else if !LineReader.isBlank(lines[index]), let last = body.last, !LineReader.isBlank(last) {
                body.append(trimmed)  // lazy continuation of a quoted paragraph
            } else {
                break
            }
            index += 1
        }
        var inner = LineReader(lines: body)
        return .quote(inner.readBlocks())
    }

    mutating func readList() -> Block {
        guard let first = LineReader.listMarker(lines[index]) else { return readParagraph() }
        var items: [[Block]] = []
        while index < lines.count, let marker = LineReader.listMarker(lines[index]),
              marker.ordered == first.ordered, marker.indent < first.contentColumn {
            var body = [String(lines[index].dropFirst(min(marker.contentColumn, lines[index].count)))]
            index += 1
            while index < lines.count {
                let line = lines[index]
                if LineReader.isBlank(line) {
                    // A blank line continues the item only if indented content follows.
                    var next = index + 1
                    while next < lines.count, LineReader.isBlank(lines[next]) { next += 1 }
                    if next < lines.count, LineReader.indent(lines[next]) >= marker.contentColumn {
                        body.append("")
                        index += 1
                        continue
                    }
                    break
                }
                let indent = LineReader.indent(line)
                if indent >= marker.contentColumn {
                    body.append(String(line.dropFirst(marker.contentColumn)))
                } else if LineReader.listMarker(line) != nil {
                    if indent >= 2 && indent > marker.indent {
                        body.append(String(line.dropFirst(min(indent, marker.contentColumn))))  // nested, under-indented
                    } else {
                        break
                    }
                } else if let last = body.last, !LineReader.isBlank(last), !line.trimmingWhitespace().hasPrefix("#") {
                    body.append(line.trimmingWhitespace())  // lazy paragraph continuation
                } else {
                    break
                }
                index += 1
            }
            var inner = LineReader(lines: body)
            items.append(inner.readBlocks())
            // Blank lines between items of the same list.
            var next = index
            while next < lines.count, LineReader.isBlank(lines[next]) { next += 1 }
            if next < lines.count, let m = LineReader.listMarker(lines[next]), m.ordered == first.ordered, m.indent < first.contentColumn {
                index = next
            }
        }
        return .list(ListBlock(ordered: first.ordered, start: first.start, items: items))
    }

    mutating func readTable() -> TableBlock {
        let header = LineReader.splitRow(lines[index])
        let alignments: [TableBlock.Alignment] = LineReader.splitRow(lines[index + 1]).map { cell in
            let c = cell.trimmingWhitespace()
            switch (c.hasPrefix(":"), c.hasSuffix(":")) {
            case (true, true): return .center
            case (false, true): return .right
            default: return .left
            }
        }
        index += 2
        var rows: [[[Inline]]] = []
        while index < lines.count, !LineReader.isBlank(lines[index]), lines[index].contains("|") {
            var cells = LineReader.splitRow(lines[index])
            if cells.count < header.count { cells += Array(repeating: "", count: header.count - cells.count) }
            rows.append(cells.prefix(header.count).map(InlineReader.parse))
            index += 1
        }
        let columnAlignments = (0..<header.count).map { $0 < alignments.count ? alignments[$0] : .left }
        return TableBlock(number: 0, anchor: "", caption: [], header: header.map(InlineReader.parse), rows: rows,
                          alignments: columnAlignments)
    }

    /// A `Table: …` paragraph after a table (blank lines allowed in between).
    mutating func readTrailingCaption() -> [Inline]? {
        var next = index
        while next < lines.count, LineReader.isBlank(lines[next]) { next += 1 }
        guard next < lines.count, lines[next].trimmingWhitespace().hasPrefix("Table:") else { return nil }
        index = next
        guard case .paragraph(let inlines) = readParagraph() else { return nil }
        return LineReader.tableCaption(inlines)
    }

    mutating func readParagraph() -> Block {
        var body: [String] = []
        while index < lines.count {
            let line = lines[index]
            let trimmed = line.trimmingWhitespace()
            if LineReader.isBlank(line) { break }
            if !body.isEmpty {
                if LineReader.fence(trimmed) != nil || LineReader.heading(trimmed) != nil || trimmed.hasPrefix(">")
                    || isTableStart(index) || (LineReader.listMarker(line).map { !$0.ordered || $0.start == 1 } ?? false)
                    || LineReader.isRule(trimmed) {
                    break
                }
            }
            body.append(line.hasSuffix("  ") ? trimmed + "  " : trimmed)
            index += 1
        }
        return .paragraph(InlineReader.parse(body.joined(separator: "\n")))
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var s = Substring(self)
        while let c = s.first, c.isWhitespace { s.removeFirst() }
        while let c = s.last, c.isWhitespace { s.removeLast() }
        return String(s)
    }

    func trimmingCharacters(in set: String) -> String {
        var s = Substring(self)
        while let c = s.first, set.contains(c) { s.removeFirst() }
        while let c = s.last, set.contains(c) { s.removeLast() }
        return String(s)
    }
}
