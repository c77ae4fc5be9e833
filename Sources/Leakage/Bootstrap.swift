import Kernels

/// The statistic a confidence interval is built for.
public enum SummaryStatistic: Sendable, Equatable {
    case mean
    case median

    /// The statistic of `values` (sorted in place for the median).
    func evaluate(_ values: inout [Double]) -> Double {
        switch self {
        case .mean:
            return values.reduce(0, +) / Double(values.count)
        case .median:
            values.sort()
            let n = values.count
            return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2
        }
    }
}

/// A two-sided interval around a point estimate.
public struct ConfidenceInterval: Sendable, Equatable {
    /// The statistic on the original data.
    public let estimate: Double
    public let lower: Double
    public let upper: Double

    /// True when `value` lies in `[lower, upper]`.
    public func contains(_ value: Double) -> Bool { lower <= value && value <= upper }
}

/// Confidence intervals over images and seeds (docs/PAPER.md "Measuring leakage": users of peer tools
/// expect intervals, not bare means).
///
/// The percentile bootstrap resamples the data with replacement `resamples` times using the caller's
/// seeded `RandomGenerator` (so results are reproducible), evaluates the statistic on each resample,
/// and reports the (1 − c)/2 and (1 + c)/2 quantiles of those values (linear interpolation between
/// order statistics, NumPy's default quantile).
public enum Bootstrap {
    /// Percentile-bootstrap interval for the mean or median of per-image values.
    public static func percentileInterval(_ values: [Double], statistic: SummaryStatistic = .mean,
                                          resamples: Int = 2000, confidence: Double = 0.95,
                                          generator: inout RandomGenerator) throws(LeakageError) -> ConfidenceInterval {
        let function = "Bootstrap.percentileInterval"
        try requireArguments(resamples: resamples, confidence: confidence, function: function)
        guard !values.isEmpty else { throw LeakageError(function, "needs at least one value") }
        try LeakageError.requireFinite(values, "values", function: function)
        var copy = values
        let estimate = statistic.evaluate(&copy)
        let n = values.count
        var sample = [Double](repeating: 0, count: n)
        var replicates = [Double](repeating: 0, count: resamples)
        for b in 0..<resamples {
            for k in 0..<n { sample[k] = values[Int.random(in: 0..<n, using: &generator)] }
            replicates[b] = statistic.evaluate(&sample)
        }
        return interval(estimate: estimate, replicates: &replicates, confidence: confidence)
    }

    /// Percentile-bootstrap interval over images × seeds: `values[s][i]` is the score of image i in
    /// the run with seed s (every run scores the same images). Images and seeds are crossed random
    /// factors, so each resample draws seeds and images independently with replacement and evaluates
    /// the statistic over all cells of the resampled grid; the estimate is the statistic of the grid.
    public static func percentileInterval(imagesBySeed values: [[Double]], statistic: SummaryStatistic = .mean,
                                          resamples: Int = 2000, confidence: Double = 0.95,
                                          generator: inout RandomGenerator) throws(LeakageError) -> ConfidenceInterval {
        let function = "Bootstrap.percentileInterval(imagesBySeed:)"
        try requireArguments(resamples: resamples, confidence: confidence, function: function)
        let images = try LeakageError.requireMatrix(values, "seed × image grid", function: function)
        let seeds = values.count
        var cells = values.flatMap { $0 }
        let estimate = statistic.evaluate(&cells)
        var seedDraw = [Int](repeating: 0, count: seeds), imageDraw = [Int](repeating: 0, count: images)
        var replicates = [Double](repeating: 0, count: resamples)
        for b in 0..<resamples {
            for k in 0..<seeds { seedDraw[k] = Int.random(in: 0..<seeds, using: &generator) }
            for k in 0..<images { imageDraw[k] = Int.random(in: 0..<images, using: &generator) }
            var c = 0
            for s in seedDraw {
                let row = values[s]
                for i in imageDraw { cells[c] = row[i]; c += 1 }
            }
            replicates[b] = statistic.evaluate(&cells)
        }
        return interval(estimate: estimate, replicates: &replicates, confidence: confidence)
    }

    /// Normal approximation `mean ± z · SE`, SE = s/√n with the sample standard deviation s (n − 1);
    /// z = 1.96 gives the usual 95 % interval. Needs at least two values.
    public static func normalApproximation(_ values: [Double], z: Double = 1.96) throws(LeakageError) -> ConfidenceInterval {
        let function = "Bootstrap.normalApproximation"
        guard values.count >= 2 else { throw LeakageError(function, "needs at least two values, got \(values.count)") }
        try LeakageError.requireFinite(values, "values", function: function)
        guard z.isFinite, z > 0 else { throw LeakageError(function, "z must be finite and > 0, got \(z)") }
        let n = Double(values.count)
        let mean = values.reduce(0, +) / n
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)
        let halfWidth = z * (variance / n).squareRoot()
        return ConfidenceInterval(estimate: mean, lower: mean - halfWidth, upper: mean + halfWidth)
    }

    /// The `q`-quantile of ascending `sorted` values, linearly interpolated (NumPy's default).
    static func quantile(sorted: [Double], _ q: Double) -> Double {
        let h = Double(sorted.count - 1) * q
        let below = Int(h.rounded(.down)), above = min(below + 1, sorted.count - 1)
        return sorted[below] + (h - Double(below)) * (sorted[above] - sorted[below])
    }

    static func interval(estimate: Double, replicates: inout [Double], confidence: Double) -> ConfidenceInterval {
        replicates.sort()
        let alpha = 1 - confidence
        return ConfidenceInterval(estimate: estimate, lower: quantile(sorted: replicates, alpha / 2),
                                  upper: quantile(sorted: replicates, 1 - alpha / 2))
    }

    static func requireArguments(resamples: Int, confidence: Double, function: String) throws(LeakageError) {
        guard resamples >= 1 else { throw LeakageError(function, "resamples must be ≥ 1, got \(resamples)") }
        guard confidence > 0, confidence < 1 else {
            throw LeakageError(function, "confidence must be in (0, 1), got \(confidence)")
        }
    }
}
