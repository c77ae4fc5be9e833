import Notebook
import Plotting

/// Weaves chapter sources and their frozen outputs into one `Document`: prose becomes blocks (via the
/// Markdown reader, after `{{value}}` substitution), code cells become code blocks, and each output
/// lands under the cell whose line produced it. Figures, tables and claims are numbered through the
/// whole document, sections per chapter; `@label` references in prose become "Figure 3" etc.
public struct Weaver {
    public var title: String
    public var subtitle: String
    public var details: [String]

    public init(title: String, subtitle: String = "", details: [String] = []) {
        self.title = title
        self.subtitle = subtitle
        self.details = details
    }

    public func weave(_ inputs: [ChapterInput]) -> Document {
        var numbering = Numbering()
        var chapters = inputs.map { weaveChapter($0, numbering: &numbering) }
        for i in chapters.indices {
            chapters[i].blocks = chapters[i].blocks.map { numbering.resolveReferences(in: $0) }
        }
        return Document(title: title, subtitle: subtitle, details: details, chapters: chapters)
    }

    private func weaveChapter(_ input: ChapterInput, numbering: inout Numbering) -> ChapterDocument {
        let source = ChapterSource(text: input.source)
        let chapterAnchor = "ch-\(input.id)"
        numbering.startChapter(input.number, anchor: chapterAnchor)
        var blocks: [Block] = []
        var title: [Inline]? = nil
        var problem: String? = nil

        // Which outputs to show, and the status notice.
        var outputs: [RecordedOutput] = []
        if let loadError = input.loadError {
            blocks.append(.notice(Notice(kind: .warning, title: "Stored results unreadable", message: loadError, details: nil)))
        }
        if let results = input.results, input.isFresh {
            outputs = results.outputs
        } else if let run = input.run, run.status == .failed, run.key == input.currentKey {
            problem = "failed: \(run.error ?? "unknown error")"
            blocks.append(.notice(Notice(kind: .failure, title: "This chapter failed",
                                         message: run.error ?? "unknown error", details: run.log)))
        } else if let results = input.results {
            outputs = results.outputs
            blocks.append(.notice(Notice(kind: .warning, title: "Results are stale",
                                         message: "The chapter's code or the library changed since these results were computed "
                                             + "(\(results.finished)); run `make report` to refresh them.", details: nil)))
        } else {
            problem = "not run yet"
            blocks.append(.notice(Notice(kind: .info, title: "Not run yet",
                                         message: "This chapter has no results yet; run `make report` or `make chapter CH=\(String(format: "%02d", input.number))`.",
                                         details: nil)))
        }
        let values = Dictionary(outputs.compactMap { o -> (String, ValueOutput)? in
            if case .value(let v) = o.output { return (v.name, v) } else { return nil }
        }, uniquingKeysWith: { _, last in last })

        // Group outputs by the segment (cell) they belong to.
        var bySegment: [Int: [RecordedOutput]] = [:]
        var unplaced: [RecordedOutput] = []
        for output in outputs {
            if let anchor = output.anchor, let line = source.line(forAnchor: anchor),
               let segment = source.segmentIndex(containingLine: line) {
                bySegment[segment, default: []].append(output)
            } else {
                unplaced.append(output)
            }
        }

        for (index, segment) in source.segments.enumerated() {
            switch segment {
            case .prose(let prose):
                var parsed = MarkdownReader.blocks(Weaver.substitute(values: values, in: prose.markdown, hasResults: !outputs.isEmpty))
                if title == nil, let first = parsed.firstIndex(where: { if case .heading(let h) = $0 { return h.level == 1 } else { return false } }),
                   case .heading(let heading) = parsed[first] {
                    title = heading.text
                    parsed.remove(at: first)
                }
                blocks += parsed.map { numbering.number($0) }
            case .cell(let cell):
                if cell.options.echo && !cell.lines.isEmpty {
                    blocks.append(.code(CodeBlock(code: cell.code, isCell: true, firstLine: cell.lines.first?.number ?? 0)))
                }
                for problem in cell.options.problems {
                    blocks.append(.notice(Notice(kind: .warning, title: "Cell option ignored", message: problem, details: nil)))
                }
                blocks += outputBlocks(bySegment[index] ?? [], options: cell.options, numbering: &numbering)
            }
        }
        blocks += outputBlocks(unplaced, options: CellOptions(), numbering: &numbering)
        let chapterTitle = title ?? [.text(Weaver.fallbackTitle(input.id))]
        numbering.registerChapter(title: chapterTitle)
        return ChapterDocument(id: input.id, number: input.number, title: chapterTitle, anchor: chapterAnchor,
                               blocks: blocks, problem: problem)
    }

    private func outputBlocks(_ outputs: [RecordedOutput], options: CellOptions, numbering: inout Numbering) -> [Block] {
        var blocks: [Block] = []
        var cellCaption = options.caption
        var cellLabel = options.label
        for recorded in outputs {
            switch recorded.output {
            case .value(let value):
                if case .values(let existing)? = blocks.last {
                    blocks[blocks.count - 1] = .values(existing + [value])
                } else {
                    blocks.append(.values([value]))
                }
            case .figure(let figure):
                let caption = figure.caption ?? cellCaption ?? ""
                let label = figure.label ?? cellLabel
                if figure.caption == nil { cellCaption = nil }
                if figure.label == nil { cellLabel = nil }
                blocks.append(numbering.figure(figure.figure, caption: InlineReader.parse(caption), label: label))
            case .table(let table):
                let caption = table.caption ?? cellCaption ?? ""
                let label = table.label ?? cellLabel
                if table.caption == nil { cellCaption = nil }
                if table.label == nil { cellLabel = nil }
                blocks.append(numbering.table(Weaver.tableBlock(table, caption: InlineReader.parse(caption)), label: label))
            case .claim(let claim):
                blocks.append(numbering.claim(claim))
            }
        }
        return blocks
    }

    /// Output tables: cells are plain text (never Markdown), numeric-looking columns are right-aligned.
    static func tableBlock(_ table: TableOutput, caption: [Inline]) -> TableBlock {
        let alignments: [TableBlock.Alignment] = table.header.indices.map { column in
            let cells = table.rows.compactMap { column < $0.count ? $0[column] : nil }.filter { !$0.isEmpty }
            return !cells.isEmpty && cells.allSatisfy(looksNumeric) ? .right : .left
        }
        return TableBlock(number: 0, anchor: "", caption: caption, header: table.header.map { [.text($0)] },
                          rows: table.rows.map { $0.map { [.text($0)] } }, alignments: alignments)
    }

    static func looksNumeric(_ text: String) -> Bool {
        let allowed = Set("0123456789.,−-+×⁰¹²³⁴⁵⁶⁷⁸⁹⁻ %eE±")
        return text.contains(where: \.isNumber) && text.allSatisfy { allowed.contains($0) }
    }

    /// Replaces `{{name}}` with the named value (formatted with its unit).
    static func substitute(values: [String: ValueOutput], in markdown: String, hasResults: Bool) -> String {
        guard markdown.contains("{{") else { return markdown }
        var result = ""
        var rest = Substring(markdown)
        while let open = rest.range(of: "{{"), let close = rest[open.upperBound...].range(of: "}}") {
            result += rest[..<open.lowerBound]
            let name = rest[open.upperBound..<close.lowerBound].split(whereSeparator: \.isWhitespace).joined(separator: " ")
            if let value = values[name] {
                result += value.formatted
            } else {
                result += hasResults ? "**[unknown value: \(name)]**" : "[\(name): not computed]"
            }
            rest = rest[close.upperBound...]
        }
        return result + rest
    }

    static func fallbackTitle(_ id: String) -> String {
        let slug = id.split(separator: "-").dropFirst().joined(separator: " ")
        return slug.prefix(1).uppercased() + slug.dropFirst()
    }
}
