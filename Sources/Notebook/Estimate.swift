import Foundation

/// A measured statistic with its 95 % interval over n resampled units.
///
/// `statistic` names what was measured ("median RDLV"); `unit` says what was resampled, in words
/// ("16 images × 2 attack seeds", "client update", "federation seed"); `n` is the number of those
/// units. An interval over fewer than `Verdict.minimumUnits` units decides nothing.
public struct Estimate: Codable, Sendable, Equatable {
    public var statistic: String
    public var value: Double
    public var low: Double
    public var high: Double
    public var n: Int
    public var unit: String

    public init(_ statistic: String, value: Double, low: Double, high: Double, n: Int, unit: String) {
        self.statistic = statistic
        self.value = value
        self.low = low
        self.high = high
        self.n = n
        self.unit = unit
    }

    /// "[0.90, 1.80]".
    public var intervalText: String { intervalText(threshold: nil) }

    /// The value and its interval with the same decimals, e.g. "1.47 [0.90, 1.80]".
    public var formatted: String { formatted(threshold: nil) }

    /// "median RDLV 1.47 [0.90, 1.80], n = 32 (16 images × 2 seeds)".
    public var description: String { description(threshold: nil) }

    /// The interval with enough decimals that a bound near `threshold` does not print as the threshold
    /// (accuracy [0.851, 0.862] against 0.85, not [0.85, 0.86]).
    public func intervalText(threshold: Double?) -> String {
        let decimals = Estimate.decimals(for: [value, low, high], distinguishing: threshold)
        return "[\(Estimate.format(low, decimals: decimals)), \(Estimate.format(high, decimals: decimals))]"
    }

    /// `formatted` with the decimals of `intervalText(threshold:)`.
    public func formatted(threshold: Double?) -> String {
        let decimals = Estimate.decimals(for: [value, low, high], distinguishing: threshold)
        return "\(Estimate.format(value, decimals: decimals)) \(intervalText(threshold: threshold))"
    }

    /// `description` with the decimals of `intervalText(threshold:)`.
    public func description(threshold: Double?) -> String {
        "\(statistic.isEmpty ? "" : statistic + " ")\(formatted(threshold: threshold)), n = \(n)\(unit.isEmpty ? "" : " (\(unit))")"
    }

    /// Whether `value` lies inside `[low, high]` (false for NaN).
    public var valueIsInsideInterval: Bool { low <= value && value <= high }

    // MARK: Formatting

    /// Decimals shared by a value and its bounds, from the largest finite magnitude: two from 0.1 to
    /// 10 (1.47 [0.90, 1.80], 0.43 [0.12, 0.90]), three significant digits from 10 (12.3, 123), two
    /// significant digits below 0.1 (0.031 [0.012, 0.048]); nil (scientific notation) outside 10⁻⁴…10⁶.
    static func decimals(for numbers: [Double]) -> Int? {
        let largest = numbers.filter(\.isFinite).map(abs).max() ?? 0
        guard largest > 0 else { return 2 }
        let exponent = Int(log10(largest).rounded(.down))
        guard exponent >= -4, exponent < 6 else { return nil }  // scientific notation instead
        return exponent >= 0 ? max(2 - exponent, 0) : min(1 - exponent, 6)
    }

    /// `decimals(for:)`, at least as many as the threshold prints with (0.851 → 3), increased (up to 6)
    /// until no number other than `threshold` prints like it.
    static func decimals(for numbers: [Double], distinguishing threshold: Double?) -> Int? {
        guard var decimals = decimals(for: numbers) else { return nil }
        guard let threshold, threshold.isFinite else { return decimals }
        let shown = format(threshold)
        if !shown.contains("×"), let point = shown.firstIndex(of: ".") {
            decimals = min(max(decimals, shown.distance(from: point, to: shown.endIndex) - 1), 6)
        }
        let thresholdText = { (d: Int) in format(threshold, decimals: d) }
        while decimals < 6, numbers.contains(where: { $0.isFinite && $0 != threshold && format($0, decimals: decimals) == thresholdText(decimals) }) {
            decimals += 1
        }
        return decimals
    }

    /// `number` with fixed decimals (nil: three significant digits), a real minus sign, "NaN" and "∞".
    static func format(_ number: Double, decimals: Int?) -> String {
        guard number.isFinite, let decimals else { return NumberFormat.significant(number) }
        let text = String(format: "%.\(decimals)f", number)
        let minus = text.replacingOccurrences(of: "-", with: "−")
        return minus == "−" + String(format: "%.\(decimals)f", 0.0) ? String(minus.dropFirst()) : minus
    }

    /// A threshold or single number with three significant digits: 0.3, −0.1, 2.5×10⁻⁷.
    public static func format(_ number: Double) -> String { NumberFormat.significant(number) }
}
