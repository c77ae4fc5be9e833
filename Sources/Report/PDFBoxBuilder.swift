import Notebook
import Plotting

/// Turns the `Document` into the flow of PDF boxes: title page, summary of findings, contents, then
/// every chapter (each starting on a new page).
struct PDFBoxBuilder {
    let context: PDFDrawContext
    var style: PDFStyle { context.style }

    func boxes(for document: Document) -> [PDFBox] {
        var boxes: [PDFBox] = titlePage(document)
        boxes.append(PDFSpaceBox(height: 0, breaksPage: true, runningHeader: "Summary of findings"))
        boxes += summary(document)
        boxes.append(PDFSpaceBox(height: 0, breaksPage: true, runningHeader: "Contents"))
        boxes += contents(document)
        for chapter in document.chapters {
            boxes.append(PDFSpaceBox(height: 0, breaksPage: true, runningHeader: chapter.heading))
            var title = PDFTextBox(layout: context.layout(
                "<span foreground=\"\(style.muted.hexString)\">\(chapter.number)</span>  "
                    + PDFMarkup.inline(chapter.title, style: style, size: 20),
                font: style.font(style.serif, 20, bold: true), width: style.textWidth))
            title.anchor = chapter.anchor
            title.outline = (1, chapter.heading)
            title.spaceAfter = 16
            title.keepWithNext = true
            boxes.append(PDFSpaceBox(height: 30))
            boxes.append(title)
            boxes += chapter.blocks.flatMap { self.boxes(for: $0, indent: 0) }
        }
        return boxes
    }

    // MARK: Front matter

    private func titlePage(_ document: Document) -> [PDFBox] {
        var boxes: [PDFBox] = [PDFSpaceBox(height: 170)]
        let title = PDFTextBox(layout: context.layout(Markup.escape(document.title), font: style.font(style.serif, 24, bold: true),
                                                      width: style.textWidth, alignment: .center, lineSpacing: 0.95))
        boxes.append(title)
        if !document.subtitle.isEmpty {
            var subtitle = PDFTextBox(layout: context.layout(PDFMarkup.colored(document.subtitle, style.muted),
                                                             font: style.font(style.serif, 14, italic: true),
                                                             width: style.textWidth, alignment: .center))
            subtitle.spaceBefore = 16
            boxes.append(subtitle)
        }
        boxes.append(PDFSpaceBox(height: 60))
        boxes.append(PDFRuleBox(width: style.textWidth))
        for detail in document.details {
            var line = PDFTextBox(layout: context.layout(PDFMarkup.colored(detail, style.muted), font: style.font(style.serif, 10),
                                                         width: style.textWidth, alignment: .center))
            line.spaceBefore = 4
            boxes.append(line)
        }
        return boxes
    }

    private func summary(_ document: Document) -> [PDFBox] {
        var boxes: [PDFBox] = [heading("Summary of findings", number: "", level: 2, anchor: "summary", outlineLevel: 1)]
        let findings = document.findings
        boxes.append(paragraph("<b>" + Markup.escape(document.tally.sentence) + ".</b>", indent: 0))
        guard !findings.isEmpty else { return boxes }
        let (green, red, amber) = (style.reproduced.hexString, style.notReproduced.hexString, style.inconclusive.hexString)
        boxes.append(paragraph("A finding is <span foreground=\"\(green)\">reproduced</span> when the 95 % interval of its statistic "
            + "lies entirely on the paper’s side of the threshold, <span foreground=\"\(red)\">not reproduced</span> when it lies "
            + "entirely on the other side, and <span foreground=\"\(amber)\">inconclusive</span> otherwise (an interval touching "
            + "the threshold, or fewer than \(Verdict.minimumUnits) resampled units). Checks are exact identities; preconditions "
            + "are what the findings rest on. Each row links a claim to the chapter that tests it.", indent: 0))
        let small = Int(6.8 * 1024)
        func muted(_ text: String) -> String {
            text.isEmpty ? "" : "<span size=\"\(small)\" foreground=\"\(style.muted.hexString)\">\(Markup.escape(text))</span>"
        }
        let rows = findings.map { f -> [String] in
            let color = style.colors(ClaimAppearance.tone(f.outcome)).ink
            // The statistic and its unit go under the statement, so the numbers' columns never wrap.
            let measured = [f.statisticText, f.unitText].filter { !$0.isEmpty }.joined(separator: " · ")
            let claim = (f.number.map { "<b>\($0).</b> " } ?? "") + Markup.escape(f.statement)
                + (measured.isEmpty ? "" : "\n" + muted(measured)) + "\n" + muted(f.evidence)
            // The chapter's number only ("1 Prior attacks …" → "1"): the full title would wrap into a tall, narrow column.
            let chapter = f.chapter.split(separator: " ").first.map(String.init) ?? f.chapter
            let estimate = Markup.escape(f.estimateText.replacingOccurrences(of: " ", with: "\u{00A0}"))
            let verdict = "\(ClaimAppearance.symbol(f.outcome))\u{00A0}\(f.label.replacingOccurrences(of: " ", with: "\u{00A0}"))"
            return [Markup.escape(chapter), claim, Markup.escape(f.kindText), estimate, Markup.escape(f.nText),
                    Markup.escape(f.predictionText.replacingOccurrences(of: " ", with: "\u{00A0}")),
                    "<b>\(PDFMarkup.colored(verdict, color))</b>"]
        }
        var table = PDFTableBox(caption: nil, header: ["Ch.", "Claim", "Kind", "Estimate [95 % CI]", "n", "Paper", "Verdict"],
                                rows: rows, alignments: [.left, .left, .left, .right, .right, .left, .left], anchor: nil,
                                context: context, columnWidth: style.textWidth, size: 7.8, flexibleColumns: [1])
        table.anchor = nil
        boxes.append(table)
        return boxes
    }

    private func contents(_ document: Document) -> [PDFBox] {
        var entries: [(level: Int, anchor: String, number: String, title: String)] = [(1, "summary", "", "Summary of findings")]
        for chapter in document.chapters {
            entries.append((1, chapter.anchor, "\(chapter.number)", PDFMarkup.inline(chapter.title, style: style, size: style.bodySize)))
            for case .heading(let h) in chapter.blocks where h.level == 2 {
                entries.append((2, h.anchor, h.number, PDFMarkup.inline(h.text, style: style, size: style.bodySize)))
            }
        }
        return [heading("Contents", number: "", level: 2, anchor: "contents", outlineLevel: 1),
                PDFContentsBox(entries: entries, context: context, width: style.textWidth)]
    }

    // MARK: Blocks

    private func heading(_ markup: String, plain: String? = nil, number: String, level: Int, anchor: String?,
                         outlineLevel: Int?) -> PDFTextBox {
        let size = level <= 2 ? 14.0 : level == 3 ? 11.5 : 10.0
        let numberMarkup = number.isEmpty ? "" : "<span foreground=\"\(style.muted.hexString)\">\(Markup.escape(number))</span>  "
        var box = PDFTextBox(layout: context.layout(numberMarkup + markup, font: style.font(style.serif, size, bold: true, italic: level > 3),
                                                    width: style.textWidth))
        box.spaceBefore = level <= 2 ? 16 : 11
        box.spaceAfter = level <= 2 ? 6 : 4
        box.keepWithNext = true
        box.anchor = anchor
        if let outlineLevel { box.outline = (outlineLevel, (number.isEmpty ? "" : number + " ") + (plain ?? markup)) }
        return box
    }

    private func paragraph(_ markup: String, indent: Double, justify: Bool = true) -> PDFTextBox {
        var box = PDFTextBox(layout: context.layout(markup, font: style.body, width: style.textWidth - indent, justify: justify,
                                                    lineSpacing: style.lineSpacing), indent: indent)
        box.spaceAfter = 6
        return box
    }

    private func boxes(for block: Block, indent: Double) -> [PDFBox] {
        let width = style.textWidth - indent
        switch block {
        case .heading(let h):
            return [heading(PDFMarkup.inline(h.text, style: style, size: 14), plain: h.text.plainText, number: h.number,
                            level: h.level, anchor: h.anchor,
                            outlineLevel: h.level <= 3 ? h.level : nil)]
        case .paragraph(let inlines):
            return [paragraph(PDFMarkup.inline(inlines, style: style, size: style.bodySize), indent: indent)]
        case .list(let list):
            var boxes: [PDFBox] = []
            for (i, item) in list.items.enumerated() {
                var itemBoxes = item.flatMap { self.boxes(for: $0, indent: indent + 16) }
                if var first = itemBoxes.first as? PDFTextBox {
                    let marker = list.ordered ? "\(list.start + i)." : "•"
                    first.marker = context.layout(Markup.escape(marker), font: style.body)
                    first.spaceAfter = min(first.spaceAfter, 3)
                    itemBoxes[0] = first
                }
                boxes += itemBoxes
            }
            if var last = boxes.last as? PDFTextBox {
                last.spaceAfter = 7
                boxes[boxes.count - 1] = last
            }
            return boxes
        case .quote(let blocks):
            return blocks.flatMap { self.boxes(for: $0, indent: indent + 14) }.map { box in
                guard var text = box as? PDFTextBox else { return box }
                text.quoteBar = true
                return text
            }
        case .code(let code):
            let layout = context.layout(code.isCell ? PDFMarkup.code(code.code) : Markup.escape(code.code),
                                        font: style.font(style.mono, style.codeSize), width: width - 18, breakAnywhere: true,
                                        hangingIndent: style.codeSize * 0.6 * 4)
            let label = code.isCell ? context.layout(Markup.escape("main.swift:\(code.firstLine)"), font: style.font(style.sans, 5.5)) : nil
            return [PDFCodeBox(layout: layout, width: width, indent: indent, label: label)]
        case .figure(let figure):
            return [PDFFigureBox(block: figure, context: context, columnWidth: width,
                                 maxHeight: (style.contentBottom - style.marginTop) * 0.9)]
        case .table(let table):
            let caption = "<b>Table \(table.number).</b>" + (table.caption.isEmpty ? "" : " " + PDFMarkup.inline(table.caption, style: style, size: style.smallSize))
            return [PDFTableBox(caption: caption, header: table.header.map { PDFMarkup.inline($0, style: style, size: style.smallSize) },
                                rows: table.rows.map { $0.map { PDFMarkup.inline($0, style: style, size: style.smallSize) } },
                                alignments: table.alignments, anchor: table.anchor, context: context, columnWidth: style.textWidth,
                                indent: indent)]
        case .values(let values):
            return [PDFValuesBox(values: values.map { ValueOutputView(name: $0.name, formatted: $0.formatted) }, context: context,
                                 columnWidth: width, indent: indent)]
        case .claim(let claim):
            let (color, background) = style.colors(ClaimAppearance.tone(claim.outcome))
            let inner = PDFCalloutBox.innerWidth(width)
            let header = "\(ClaimAppearance.symbol(claim.outcome)) CLAIM \(claim.number) · \(claim.claim.kind.rawValue.uppercased()) · "
                + claim.outcome.label.uppercased()
            let small = style.font(style.serif, style.smallSize)
            var layouts = [
                context.layout("<b>\(PDFMarkup.colored(header, color))</b>", font: style.font(style.sans, 7.5), width: inner),
                context.layout(Markup.escape(claim.statement), font: style.body, width: inner, lineSpacing: style.lineSpacing),
            ]
            if let measurement = claim.claim.measurement {
                layouts.append(context.layout("<i>Estimate:</i> " + Markup.escape(measurement), font: small, width: inner,
                                              lineSpacing: style.lineSpacing))
            }
            if let reason = claim.claim.verdictReason {
                layouts.append(context.layout("<i>Verdict:</i> " + PDFMarkup.colored(claim.outcome.label, color)
                                                  + Markup.escape(", since \(reason)."), font: small, width: inner,
                                              lineSpacing: style.lineSpacing))
            }
            layouts.append(context.layout("<i>Measured:</i> " + Markup.escape(claim.evidence), font: small, width: inner,
                                          lineSpacing: style.lineSpacing))
            return [PDFCalloutBox(layouts: layouts, barColor: color, background: background, width: width, indent: indent,
                                  anchor: claim.anchor)]
        case .notice(let notice):
            let inner = PDFCalloutBox.innerWidth(width)
            var layouts = [context.layout("<b>\(Markup.escape(notice.title)).</b> \(Markup.escape(notice.message))", font: style.body,
                                          width: inner, lineSpacing: style.lineSpacing)]
            if let details = notice.details, !details.isEmpty {
                let lines = details.split(separator: "\n", omittingEmptySubsequences: false).suffix(25).joined(separator: "\n")
                layouts.append(context.layout(Markup.escape(lines), font: style.font(style.mono, 6.8), width: inner, breakAnywhere: true))
            }
            let (bar, background): (Color, Color) = switch notice.kind {
            case .failure: (style.notReproduced, style.notReproducedBackground)
            case .warning: (style.warning, style.warningBackground)
            case .info: (style.muted, style.infoBackground)
            }
            return [PDFCalloutBox(layouts: layouts, barColor: bar, background: background, width: width, indent: indent)]
        case .rule:
            return [PDFRuleBox(width: width)]
        }
    }
}
