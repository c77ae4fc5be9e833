import CCairo
import FileSupport
import Foundation

extension Figure {
    /// Output formats a figure can be written to.
    public enum Format: String, Sendable, CaseIterable {
        case pdf, svg, png
    }

    /// Writes the figure to `url` in the given format, atomically (temp file in the same directory, then
    /// rename). PDF and SVG are vectors; PNG is rasterised at `scale` pixels per point.
    /// Throws `PlottingError.invalidFigure` when the figure's data is inconsistent.
    public func write(to url: URL, format: Format, scale: Double = 2) throws {
        try validate()
        try AtomicFile.write(to: url) { temporary in
            let path = temporary.path
            switch format {
            case .pdf:
                let surface = cairo_pdf_surface_create(path, width, height)
                try render(on: surface, path: url.path)
            case .svg:
                let surface = cairo_svg_surface_create(path, width, height)
                try render(on: surface, path: url.path)
            case .png:
                let pixelWidth = Int32((width * scale).rounded(.up)), pixelHeight = Int32((height * scale).rounded(.up))
                let surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, pixelWidth, pixelHeight)
                guard let cr = cairo_create(surface) else { throw PlottingError.cairo(path: url.path, status: "no context") }
                cairo_scale(cr, scale, scale)
                draw(in: cr)
                cairo_destroy(cr)
                let status = cairo_surface_write_to_png(surface, path)
                cairo_surface_destroy(surface)
                guard status == CAIRO_STATUS_SUCCESS else {
                    throw PlottingError.cairo(path: url.path, status: String(cString: cairo_status_to_string(status)))
                }
            }
        }
    }

    /// Infers the format from the file extension (`.pdf`, `.svg`, `.png`).
    public func write(to url: URL, scale: Double = 2) throws {
        guard let format = Format(rawValue: url.pathExtension.lowercased()) else {
            throw PlottingError.io(path: url.path, message: "unknown figure format '.\(url.pathExtension)' (use .pdf, .svg or .png)")
        }
        try write(to: url, format: format, scale: scale)
    }

    private func render(on surface: OpaquePointer?, path: String) throws {
        guard let surface else { throw PlottingError.cairo(path: path, status: "could not create surface") }
        defer { cairo_surface_destroy(surface) }
        guard let cr = cairo_create(surface) else { throw PlottingError.cairo(path: path, status: "no context") }
        draw(in: cr)
        cairo_destroy(cr)
        cairo_surface_finish(surface)
        let status = cairo_surface_status(surface)
        guard status == CAIRO_STATUS_SUCCESS else {
            throw PlottingError.cairo(path: path, status: String(cString: cairo_status_to_string(status)))
        }
    }
}
