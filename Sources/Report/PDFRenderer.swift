import CCairo
import FileSupport
import Foundation
import Plotting

/// Renders a `Document` as an A4 PDF with Cairo and Pango: title page, summary of findings,
/// contents with page numbers (and links), chapters with numbered sections, figures as vectors,
/// tables, code cells in a monospace face, claim boxes, running headers, page numbers and bookmarks.
public struct PDFRenderer {
    public init() {}

    /// Writes the PDF atomically. `creationDate` (ISO 8601) fixes the PDF's date, so an unchanged
    /// report renders to the same file.
    public func write(_ document: Document, to url: URL, creationDate: String? = nil) throws {
        let style = PDFStyle()
        try AtomicFile.write(to: url) { temporary in
            guard let surface = cairo_pdf_surface_create(temporary.path, style.pageWidth, style.pageHeight) else {
                throw PlottingError.cairo(path: url.path, status: "could not create PDF surface")
            }
            defer { cairo_surface_destroy(surface) }
            cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, document.title)
            cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "report (Swift, Cairo, Pango)")
            if let creationDate {
                cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, creationDate)
                cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_MOD_DATE, creationDate)
            }
            guard let cr = cairo_create(surface) else { throw PlottingError.cairo(path: url.path, status: "no context") }
            let context = PDFDrawContext(cr: cr, style: style)
            let boxes = PDFBoxBuilder(context: context).boxes(for: document)
            let (pages, bookmarks) = PDFPaginator(style: style).paginate(boxes, context: context)
            for (index, page) in pages.enumerated() {
                for item in page.items { item.box.draw(context, x: style.marginLeft, y: item.y) }
                drawFurniture(page: page, index: index, title: document.title, context: context)
                cairo_show_page(cr)
            }
            addBookmarks(bookmarks, to: surface, style: style)
            cairo_destroy(cr)
            cairo_surface_finish(surface)
            let status = cairo_surface_status(surface)
            guard status == CAIRO_STATUS_SUCCESS else {
                throw PlottingError.cairo(path: url.path, status: String(cString: cairo_status_to_string(status)))
            }
        }
    }

    /// Running header and page number (not on the title page).
    private func drawFurniture(page: PDFPaginator.Page, index: Int, title: String, context: PDFDrawContext) {
        let style = context.style
        guard index > 0 else { return }
        if let header = page.header {
            let left = context.layout(PDFMarkup.colored(header, style.muted), font: style.font(style.serif, 8, italic: true),
                                      width: style.textWidth / 2 - 10)
            left.draw(in: context.cr, x: style.marginLeft, y: 44)
            let right = context.layout(PDFMarkup.colored(title, style.muted), font: style.font(style.serif, 8, italic: true),
                                       width: style.textWidth / 2 - 10, alignment: .right)
            right.draw(in: context.cr, x: style.marginLeft + style.textWidth / 2 + 10, y: 44)
            context.line(style.marginLeft, 57, style.marginLeft + style.textWidth, 57, width: 0.4, color: style.rule)
        }
        let number = context.layout(PDFMarkup.colored("\(index + 1)", style.muted), font: style.font(style.serif, 9),
                                    width: style.textWidth, alignment: .center)
        number.draw(in: context.cr, x: style.marginLeft, y: style.pageHeight - 46)
    }

    private func addBookmarks(_ bookmarks: [PDFPaginator.Bookmark], to surface: OpaquePointer, style: PDFStyle) {
        var parents: [Int: Int32] = [0: Int32(CAIRO_PDF_OUTLINE_ROOT)]
        for mark in bookmarks {
            let parent = parents[mark.level - 1] ?? parents[0]!
            let link = "page=\(mark.page + 1) pos=[\(style.marginLeft) \(max(mark.y - 12, 0))]"
            let id = cairo_pdf_surface_add_outline(surface, parent, mark.title, link,
                                                   mark.level == 1 ? CAIRO_PDF_OUTLINE_FLAG_OPEN : cairo_pdf_outline_flags_t(0))
            parents[mark.level] = id
            for deeper in (mark.level + 1)...(mark.level + 4) { parents[deeper] = nil }
        }
    }
}
