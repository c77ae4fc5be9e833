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

    /// "0.42 [0.30, 0.51]".
    public func formatted(_ digits: Int = 2) -> String {
        guard count > 0 else { return "–" }
        let f = { (v: Double) in String(format: "%.\(digits)f", v) }
        return count > 1 ? "\(f(median)) [\(f(lower)), \(f(upper))]" : f(median)
    }
}
