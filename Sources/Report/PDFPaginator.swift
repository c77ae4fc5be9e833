/// Stacks boxes onto pages: keeps headings with what follows, splits paragraphs, code and tables
/// between lines/rows, moves unsplittable boxes (figures, claims) to the next page, and starts
/// chapters on a new page.
struct PDFPaginator {
    struct Placed {
        let box: PDFBox
        let y: Double
    }

    struct Page {
        var items: [Placed] = []
        /// Running header text (nil on a chapter's first page and the front pages).
        var header: String?
    }

    struct Bookmark {
        let level: Int
        let title: String
        let page: Int
        let y: Double
    }

    let style: PDFStyle

    func paginate(_ boxes: [PDFBox], context: PDFDrawContext) -> (pages: [Page], bookmarks: [Bookmark]) {
        var pages = [Page()]
        var bookmarks: [Bookmark] = []
        var y = style.marginTop
        var header: String? = nil

        func newPage() {
            pages.append(Page(items: [], header: header))
            y = style.marginTop
        }
        func place(_ box: PDFBox, at top: Double) {
            pages[pages.count - 1].items.append(Placed(box: box, y: top))
            if let anchor = box.anchor { context.destinations[anchor] = (pages.count - 1, top) }
            if let outline = box.outline { bookmarks.append(Bookmark(level: outline.level, title: outline.title, page: pages.count - 1, y: top)) }
        }

        for index in boxes.indices {
            var box = boxes[index]
            if box.breaksPage {
                if !pages[pages.count - 1].items.isEmpty { newPage() }
                header = box.runningHeader
                pages[pages.count - 1].header = nil
                continue
            }
            while true {
                let atTop = y <= style.marginTop + 0.01
                let before = atTop ? 0 : box.spaceBefore
                let available = style.contentBottom - y - before
                var needed = box.height
                if box.keepWithNext, let next = boxes[(index + 1)...].first(where: { !($0 is PDFSpaceBox) }) {
                    needed += next.spaceBefore + min(next.height, 40)
                }
                if needed <= available {
                    place(box, at: y + before)
                    y += before + box.height + box.spaceAfter
                    break
                }
                if !box.keepWithNext, let (head, tail) = box.split(available: available) {
                    place(head, at: y + before)
                    newPage()
                    box = tail
                    continue
                }
                if atTop {
                    // Taller than a page and unsplittable: place it anyway (it is clipped by the page).
                    if let (head, tail) = box.split(available: available) {
                        place(head, at: y)
                        newPage()
                        box = tail
                        continue
                    }
                    place(box, at: y)
                    y += box.height + box.spaceAfter
                    break
                }
                newPage()
            }
        }
        return (pages, bookmarks)
    }
}
