import Foundation

/// Maps data values on one axis to 0…1 and chooses its ticks (linear: 1/2/2.5/5 × 10ⁿ steps;
/// log: decades, with 2…9 minor ticks when few decades are shown).
struct AxisScale {
    let lower: Double
    let upper: Double
    let isLog: Bool

    /// Builds the scale from data values (non-finite values, and non-positive ones on log axes, are ignored).
    init(axis: Axis, values: [Double], includeZero: Bool = false) {
        let isLog = axis.scale == .log
        self.isLog = isLog
        let usable = values.filter { $0.isFinite && (!isLog || $0 > 0) }
        var lo = usable.min() ?? (isLog ? 1 : 0)
        var hi = usable.max() ?? (isLog ? 10 : 1)
        if includeZero && !isLog { lo = min(lo, 0); hi = max(hi, 0) }
        if isLog {
            var a = log10(lo), b = log10(hi)
            if b - a < 1e-9 { a -= 0.5; b += 0.5 }
            let pad = (b - a) * 0.05
            lo = pow(10, a - pad)
            hi = pow(10, b + pad)
        } else {
            if hi - lo < 1e-12 * max(abs(lo), abs(hi), 1e-300) {
                let d = lo == 0 ? 1 : abs(lo) * 0.1
                lo -= d
                hi += d
            }
            let pad = (hi - lo) * 0.05
            if !(includeZero && lo == 0) { lo -= pad }
            if !(includeZero && hi == 0) { hi += pad }
        }
        if let fixed = axis.lower { lo = fixed }
        if let fixed = axis.upper { hi = fixed }
        if !(lo < hi) { hi = isLog ? lo * 10 : lo + 1 }
        lower = lo
        upper = hi
    }

    /// Position of a value in 0…1 along the axis (values outside the range map outside 0…1; nil if undrawable).
    func fraction(_ value: Double) -> Double? {
        guard value.isFinite else { return nil }
        if isLog {
            guard value > 0 else { return nil }
            return (log10(value) - log10(lower)) / (log10(upper) - log10(lower))
        }
        return (value - lower) / (upper - lower)
    }

    /// Major ticks with their labels, and unlabelled minor ticks.
    func ticks(target: Int = 5) -> (major: [(value: Double, label: String)], minor: [Double]) {
        isLog ? logTicks(target: target) : (linearTicks(target: target), [])
    }

    private func linearTicks(target: Int) -> [(value: Double, label: String)] {
        let step = AxisScale.step(span: upper - lower, target: target)
        let first = (lower / step).rounded(.up)
        let last = (upper / step).rounded(.down)
        guard last >= first, last - first < 100 else { return [] }
        let values = stride(from: first, through: last, by: 1).map { $0 * step }
        return values.map { ($0, TickFormat.linear($0, step: step, values: values)) }
    }

    private func logTicks(target: Int) -> (major: [(value: Double, label: String)], minor: [Double]) {
        let a = log10(lower), b = log10(upper)
        let firstDecade = Int((a - 1e-9).rounded(.up))
        let lastDecade = Int((b + 1e-9).rounded(.down))
        let decades = lastDecade - firstDecade + 1
        if decades < 2 {
            // Less than two decade marks visible: label linear-style ticks at log positions.
            let step = AxisScale.niceStep((upper - lower) / Double(max(target, 2)))
            var values: [Double] = []
            var v = (lower / step).rounded(.up) * step
            while v <= upper && values.count < 20 {
                if v > 0 { values.append(v) }
                v += step
            }
            return (values.map { ($0, TickFormat.linear($0, step: step, values: values)) }, [])
        }
        let every = max(1, Int((Double(decades) / Double(max(target, 2))).rounded(.up)))
        var major: [(Double, String)] = []
        var minor: [Double] = []
        for d in firstDecade - 1...lastDecade {
            let base = pow(10, Double(d))
            if d >= firstDecade && (d - firstDecade) % every == 0 {
                major.append((base, TickFormat.power(d)))
            } else if d >= firstDecade {
                minor.append(base)
            }
            if every == 1 && decades <= 6 {
                for m in 2...9 {
                    let v = base * Double(m)
                    if v >= lower && v <= upper { minor.append(v) }
                }
            }
        }
        return (major, minor)
    }

    /// The 1, 2, 2.5, 5 × 10ⁿ step whose number of intervals over `span` is closest to `target`.
    static func step(span: Double, target: Int) -> Double {
        let raw = span / Double(max(target, 2))
        guard raw.isFinite, raw > 0 else { return 1 }
        let magnitude = pow(10, (log10(raw)).rounded(.down))
        let candidates = [0.5, 1, 2, 2.5, 5, 10].map { $0 * magnitude }
        return candidates.min { abs(span / $0 - Double(target)) < abs(span / $1 - Double(target)) } ?? raw
    }

    /// The 1, 2, 2.5, 5 × 10ⁿ step nearest above `raw`.
    static func niceStep(_ raw: Double) -> Double {
        guard raw.isFinite, raw > 0 else { return 1 }
        let magnitude = pow(10, (log10(raw)).rounded(.down))
        let normalized = raw / magnitude
        for candidate in [1, 2, 2.5, 5] where normalized <= candidate * (1 + 1e-9) { return candidate * magnitude }
        return 10 * magnitude
    }
}
