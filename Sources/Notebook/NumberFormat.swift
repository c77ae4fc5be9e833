import Foundation

/// Number formatting shared by chapters, values and the report: significant digits, scientific
/// notation as `m×10ⁿ` for very small or large magnitudes, and a real minus sign.
public enum NumberFormat {
    private static let superscripts: [Character: Character] = [
        "0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵", "6": "⁶", "7": "⁷", "8": "⁸", "9": "⁹", "-": "⁻",
    ]

    /// `value` with `digits` significant digits, e.g. 0.012345 → "0.0123", 2.5e-7 → "2.5×10⁻⁷".
    public static func significant(_ value: Double, digits: Int = 3) -> String {
        guard value.isFinite else { return value.isNaN ? "NaN" : (value > 0 ? "∞" : "−∞") }
        if value == 0 { return "0" }
        let magnitude = abs(value)
        let exponent = Int(log10(magnitude).rounded(.down))
        if exponent < -3 || exponent >= 6 {
            var mantissa = String(format: "%.\(max(digits - 1, 0))f", value / pow(10, Double(exponent)))
            var e = exponent
            if mantissa.hasPrefix("10") || mantissa.hasPrefix("-10") {  // 9.999 rounded up
                mantissa = String(format: "%.\(max(digits - 1, 0))f", value / pow(10, Double(exponent + 1)))
                e += 1
            }
            mantissa = trimZeros(mantissa)
            let power = String(String(e).map { superscripts[$0] ?? $0 })
            return minus(mantissa + "×10" + power)
        }
        let decimals = max(0, digits - 1 - exponent)
        return minus(trimZeros(String(format: "%.\(decimals)f", value)))
    }

    /// `value` with a fixed number of decimals, "–" when it is not finite (a missing score), e.g.
    /// 0.456 → "0.46", -0.1 → "−0.10".
    public static func fixed(_ value: Double, decimals: Int = 2) -> String {
        value.isFinite ? minus(String(format: "%.\(decimals)f", value)) : "–"
    }

    /// A percentage with one decimal, e.g. 0.1234 → "12.3 %".
    public static func percent(_ fraction: Double) -> String {
        minus(String(format: "%.1f %%", fraction * 100))
    }

    private static func trimZeros(_ text: String) -> String {
        guard text.contains(".") else { return text }
        var t = text
        while t.hasSuffix("0") { t.removeLast() }
        if t.hasSuffix(".") { t.removeLast() }
        return t
    }

    private static func minus(_ text: String) -> String { text.replacingOccurrences(of: "-", with: "−") }
}
