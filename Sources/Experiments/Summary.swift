import Kernels
import Leakage

/// A median with its 95% percentile-bootstrap interval, for chapter tables and bands.
public struct Summary: Sendable, Codable {
    public let median: Double
    public let lower: Double
    public let upper: Double
    public let count: Int

    /// Summarises `values` (non-finite values are dropped; an empty set gives NaNs).
    public init(_ values: [Double], seed: UInt64 = 0, resamples: Int = 2_000) {
        let finite = values.filter(\.isFinite)
        count = finite.count
        guard !finite.isEmpty else { median = .nan; lower = .nan; upper = .nan; return }
        var generator = RandomGenerator(seed: seed)
        if finite.count > 1, let interval = try? Bootstrap.percentileInterval(finite, statistic: .median, resamples: resamples,
                                                                             generator: &generator) {
            median = interval.estimate; lower = interval.lower; upper = interval.upper
        } else {
            let sorted = finite.sorted()
            median = sorted[sorted.count / 2]; lower = median; upper = median
        }
    }

    /// "0.42 [0.30, 0.51]", with real minus signs ("−0.42").
    public func formatted(_ digits: Int = 2) -> String {
        guard count > 0 else { return "–" }
        let f = { (v: Double) in String(format: "%.\(digits)f", v).replacingOccurrences(of: "-", with: "−") }
        return count > 1 ? "\(f(median)) [\(f(lower)), \(f(upper))]" : f(median)
    }
}

/// Spearman's rank correlation of two equally long samples (average ranks for ties); NaN when
/// fewer than 3 finite pairs remain.
public func spearman(_ x: [Double], _ y: [Double]) -> Double {
    let pairs = zip(x, y).filter { $0.0.isFinite && $0.1.isFinite }
    guard pairs.count >= 3 else { return .nan }
    func ranks(_ v: [Double]) -> [Double] {
        let order = v.indices.sorted { v[$0] < v[$1] }
        var r = [Double](repeating: 0, count: v.count)
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count && v[order[j + 1]] == v[order[i]] { j += 1 }
            for k in i...j { r[order[k]] = Double(i + j) / 2 + 1 }
            i = j + 1
        }
        return r
    }
    let rx = ranks(pairs.map(\.0)), ry = ranks(pairs.map(\.1))
    let mx = rx.reduce(0, +) / Double(rx.count), my = ry.reduce(0, +) / Double(ry.count)
    let cov = zip(rx, ry).reduce(0) { $0 + ($1.0 - mx) * ($1.1 - my) }
    let vx = rx.reduce(0) { $0 + ($1 - mx) * ($1 - mx) }, vy = ry.reduce(0) { $0 + ($1 - my) * ($1 - my) }
    return vx > 0 && vy > 0 ? cov / (vx * vy).squareRoot() : .nan
}
