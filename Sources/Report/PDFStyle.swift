import Plotting

/// Page geometry (A4, points), fonts and colours of the PDF report.
struct PDFStyle {
    let pageWidth = 595.28
    let pageHeight = 841.89
    let marginLeft = 72.0
    let marginRight = 72.0
    let marginTop = 74.0
    let marginBottom = 72.0
    var textWidth: Double { pageWidth - marginLeft - marginRight }
    var contentBottom: Double { pageHeight - marginBottom }

    let serif = "Charis SIL,DejaVu Serif"
    let sans = "DejaVu Sans"
    let mono = "DejaVu Sans Mono"
    let bodySize = 10.0
    let smallSize = 8.8
    let codeSize = 7.4
    let lineSpacing = 0.84

    let ink = Color(hex: 0x1D1D1F)
    let muted = Color(hex: 0x5F6368)
    let accent = Color(hex: 0x0B5CAD)
    let rule = Color(hex: 0xBFC3C8)
    let codeBackground = Color(hex: 0xF5F6F8)
    let codeBar = Color(hex: 0x9AA5B1)
    let reproduced = Color(hex: 0x1A7F37)
    let reproducedBackground = Color(hex: 0xF1F8F3)
    let notReproduced = Color(hex: 0xB42318)
    let notReproducedBackground = Color(hex: 0xFDF2F1)
    let inconclusive = Color(hex: 0xB45309)
    let inconclusiveBackground = Color(hex: 0xFFF6E5)
    let warning = Color(hex: 0xC77700)
    let warningBackground = Color(hex: 0xFFF8EC)
    let infoBackground = Color(hex: 0xF5F5F7)

    func font(_ family: String, _ size: Double, bold: Bool = false, italic: Bool = false) -> String {
        "\(family)\(bold ? " Bold" : "")\(italic ? " Italic" : "") \(size)"
    }

    var body: String { font(serif, bodySize) }

    /// Text/bar colour and background of a claim outcome: green, red, amber (inconclusive), grey.
    func colors(_ tone: ClaimAppearance.Tone) -> (ink: Color, background: Color) {
        switch tone {
        case .positive: return (reproduced, reproducedBackground)
        case .negative: return (notReproduced, notReproducedBackground)
        case .uncertain: return (inconclusive, inconclusiveBackground)
        case .missing: return (muted, infoBackground)
        }
    }
}
