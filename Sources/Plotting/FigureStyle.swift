/// The one style every figure shares: fonts, sizes, line widths and spacing (points).
struct FigureStyle: Sendable {
    var fontFamily = "DejaVu Sans"
    var fontSize = 8.0
    var titleSize = 9.5
    var lineWidth = 1.4
    var axisLineWidth = 0.7
    var gridColor = Color(hex: 0xE3E3E3)
    var axisColor = Color(hex: 0x333333)
    var textColor = Color(hex: 0x222222)
    var tickLength = 3.5
    var padding = 6.0
    var markerRadius = 2.4
    var titleHeight: Double { titleSize * 1.9 }

    static let standard = FigureStyle()

    /// A Pango font description, e.g. "DejaVu Sans 8".
    func font(size: Double? = nil, bold: Bool = false) -> String {
        "\(fontFamily)\(bold ? " Bold" : "") \(size ?? fontSize)"
    }
}
