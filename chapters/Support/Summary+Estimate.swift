import Experiments
import Kernels
import Notebook

extension Summary {
    /// The median with its 95 % percentile-bootstrap interval, as the estimate a finding is decided
    /// by (`finding(_:_:threshold:side:evidence:)`); `units` says what was resampled, and `n`
    /// overrides the count when the resampled values are not the independent units (e.g. the
    /// images of one client update: the units are updates).
    public func estimate(_ statistic: String = "median RDLV", units: String, n: Int? = nil) -> Estimate {
        Estimate(statistic, value: median, low: lower, high: upper, n: n ?? count, unit: units)
    }
}

/// Spearman's ρ of paired samples with a 95 % percentile-bootstrap interval over the pairs.
public func spearmanEstimate(_ x: [Double], _ y: [Double], units: String, seed: UInt64, resamples: Int = 2_000) -> Estimate {
    let pairs = zip(x, y).filter { $0.0.isFinite && $0.1.isFinite }
    let rho = spearman(pairs.map(\.0), pairs.map(\.1))
    guard pairs.count >= 3 else { return Estimate("Spearman ρ", value: rho, low: .nan, high: .nan, n: pairs.count, unit: units) }
    var generator = RandomGenerator(seed: seed)
    var draws: [Double] = []
    for _ in 0..<resamples {
        let sample = (0..<pairs.count).map { _ in pairs[Int(generator.next() % UInt64(pairs.count))] }
        let value = spearman(sample.map(\.0), sample.map(\.1))
        if value.isFinite { draws.append(value) }
    }
    draws.sort()
    guard draws.count >= 20 else { return Estimate("Spearman ρ", value: rho, low: .nan, high: .nan, n: pairs.count, unit: units) }
    let low = draws[Int(0.025 * Double(draws.count - 1))], high = draws[Int(0.975 * Double(draws.count - 1))]
    return Estimate("Spearman ρ", value: rho, low: low, high: high, n: pairs.count, unit: units)
}
