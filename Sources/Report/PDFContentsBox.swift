import Plotting

/// The table of contents: one line per chapter and section with dot leaders and the page number
/// (looked up at drawing time, after pagination), each line a link. Splits between lines.
struct PDFContentsBox: PDFBox {
    struct Entry {
        let level: Int
        let anchor: String
        let number: TextLayout
        let title: TextLayout
        var height: Double { title.height + (level == 1 ? 7 : 2.5) }
    }

    var entries: [Entry]
    let width: Double
    let numberWidth = 30.0
    let sectionIndent = 30.0
    let pageColumn = 28.0

    var height: Double { entries.reduce(0) { $0 + $1.height } }
    var spaceBefore: Double { 6 }

    init(entries: [(level: Int, anchor: String, number: String, title: String)], context: PDFDrawContext, width: Double) {
        let style = context.style
        self.width = width
        let indent = sectionIndent, numberWidth = self.numberWidth, pageColumn = self.pageColumn
        self.entries = entries.map { e in
            let font = e.level == 1 ? style.font(style.serif, style.bodySize + 0.5, bold: true) : style.body
            let left = e.level == 1 ? 0 : indent
            return Entry(level: e.level, anchor: e.anchor, number: context.layout(Markup.escape(e.number), font: font),
                         title: context.layout(e.title, font: font, width: width - left - numberWidth - pageColumn - 10))
        }
    }

    func split(available: Double) -> (PDFBox, PDFBox)? {
        var used = 0.0
        var count = 0
        for entry in entries {
            if used + entry.height > available { break }
            used += entry.height
            count += 1
        }
        guard count >= 1, count < entries.count else { return nil }
        var head = self
        head.entries = Array(entries.prefix(count))
        var tail = self
        tail.entries = Array(entries.dropFirst(count))
        return (head, tail)
    }

    func draw(_ context: PDFDrawContext, x: Double, y: Double) {
        let style = context.style
        var ty = y
        for entry in entries {
            if entry.level == 1 { ty += 5 }
            let left = x + (entry.level == 1 ? 0 : sectionIndent)
            context.setColor(style.ink)
            entry.number.draw(in: context.cr, x: left, y: ty)
            entry.title.draw(in: context.cr, x: left + numberWidth, y: ty)
            if let target = context.destinations[entry.anchor] {
                let page = context.layout("\(target.page + 1)", font: entry.level == 1 ? style.font(style.serif, style.bodySize + 0.5, bold: true) : style.body)
                let pageX = x + width - page.width
                page.draw(in: context.cr, x: pageX, y: ty)
                // Dot leaders from the end of the title's last line to the page number.
                let lastLineBottom = entry.title.lineBottoms.last ?? entry.title.height
                let titleEnd = left + numberWidth + min(entry.title.width, width) + 6
                let dotY = ty + lastLineBottom - 3
                context.setColor(style.muted)
                var dx = titleEnd
                while dx < pageX - 6 {
                    context.fill(x: dx, y: dotY, width: 0.8, height: 0.8, color: style.muted)
                    dx += 4
                }
                context.link(to: entry.anchor, x: x, y: ty, width: width, height: entry.title.height)
            }
            ty += entry.height - (entry.level == 1 ? 5 : 0)
        }
    }
}
