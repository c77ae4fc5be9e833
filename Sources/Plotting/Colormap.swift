/// Colour maps for heatmaps.
public enum Colormap: String, Codable, Sendable {
    /// Perceptually uniform dark-blue → green → yellow (matplotlib's viridis, 11 control points).
    case viridis
    /// Black → white.
    case gray
    /// Blue → white → red, for signed data centred on the middle of the range.
    case diverging

    private static let viridisStops: [UInt32] = [
        0x440154, 0x482475, 0x414487, 0x355F8D, 0x2A788E, 0x21918C, 0x22A884, 0x44BF70, 0x7AD151, 0xBDDF26, 0xFDE725,
    ]
    private static let divergingStops: [UInt32] = [0x2166AC, 0x67A9CF, 0xD1E5F0, 0xF7F7F7, 0xFDDBC7, 0xEF8A62, 0xB2182B]

    /// The colour at position `t` in 0…1 (clamped).
    public func color(at t: Double) -> Color {
        let t = t.isFinite ? min(max(t, 0), 1) : 0
        switch self {
        case .gray: return Color(red: t, green: t, blue: t)
        case .viridis: return Colormap.interpolate(Colormap.viridisStops, t)
        case .diverging: return Colormap.interpolate(Colormap.divergingStops, t)
        }
    }

    private static func interpolate(_ stops: [UInt32], _ t: Double) -> Color {
        let position = t * Double(stops.count - 1)
        let i = min(Int(position), stops.count - 2)
        return Color.mix(Color(hex: stops[i]), Color(hex: stops[i + 1]), position - Double(i))
    }
}
