import CCairo

/// A small image surface context for drawing tests (leaked on purpose: tests are short-lived).
func cairoImage(width: Int32, height: Int32) -> OpaquePointer? {
    cairo_create(cairo_image_surface_create(CAIRO_FORMAT_ARGB32, width, height))
}
