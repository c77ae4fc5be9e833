import Foundation

/// Tick-label text: plain decimals for ordinary numbers, `m×10ⁿ` for very small or large ones,
/// with a real minus sign.
enum TickFormat {
    private static let superscripts: [Character: Character] = [
        "0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵", "6": "⁶", "7": "⁷", "8": "⁸", "9": "⁹", "-": "⁻",
    ]

    /// `10ⁿ`, with `1` and `10` written plainly.
    static func power(_ exponent: Int) -> String {
        switch exponent {
        case 0: return "1"
        case 1: return "10"
        default: return "10" + String(String(exponent).map { superscripts[$0] ?? $0 })
        }
    }

    /// A label for `value` on an axis whose ticks are `step` apart.
    static func linear(_ value: Double, step: Double, values: [Double]) -> String {
        if abs(value) < step * 1e-6 { return "0" }
        let largest = values.map(abs).max() ?? abs(value)
        if largest >= 1e5 || largest < 1e-3 {
            return scientific(value, step: step)
        }
        return minus(String(format: "%.\(decimals(for: step))f", value))
    }

    /// Digits after the decimal point needed to show multiples of `step` exactly.
    static func decimals(for step: Double) -> Int {
        for d in 0...12 {
            let scaled = step * pow(10, Double(d))
            if abs(scaled - scaled.rounded()) < 1e-6 * max(1, scaled) { return d }
        }
        return 12
    }

    private static func scientific(_ value: Double, step: Double) -> String {
        let exponent = Int(log10(abs(value)).rounded(.down))
        let mantissa = value / pow(10, Double(exponent))
        let mantissaStep = step / pow(10, Double(exponent))
        let digits = min(3, decimals(for: mantissaStep))
        var text = String(format: "%.\(digits)f", mantissa)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return minus(text == "1" ? power(exponent) : text + "×" + power(exponent))
    }

    static func minus(_ text: String) -> String { text.replacingOccurrences(of: "-", with: "−") }
}
