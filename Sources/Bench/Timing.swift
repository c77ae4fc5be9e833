import Dispatch
import Foundation

/// How long to measure: the default run takes every median over ≥ 5 trials; `--quick` takes 3 short ones.
struct TimingPlan: Sendable {
    var warmupSeconds: Double
    var trials: Int
    var minimumTrialSeconds: Double

    static let standard = TimingPlan(warmupSeconds: 0.05, trials: 5, minimumTrialSeconds: 0.08)
    static let quick = TimingPlan(warmupSeconds: 0.01, trials: 3, minimumTrialSeconds: 0.015)

    /// Seconds per call of `body`: the median over trials, each repeating `body` until it has run for
    /// at least `minimumTrialSeconds`, after a warm-up of `warmupSeconds`.
    func secondsPerCall(_ body: () -> Void) -> Double { measure(body).median }

    /// The median and the fastest trial's seconds per call (the fastest shows what the code can do
    /// when other processes leave the cores alone for a moment).
    func measure(_ body: () -> Void) -> (median: Double, best: Double) {
        let warmupEnd = now() + warmupSeconds
        repeat { body() } while now() < warmupEnd
        var perCall: [Double] = []
        for _ in 0..<trials {
            let start = now()
            var calls = 0
            repeat { body(); calls += 1 } while now() - start < minimumTrialSeconds
            perCall.append((now() - start) / Double(calls))
        }
        return (median(perCall), perCall.min()!)
    }
}

func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) * 1e-9 }

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

/// Progress goes to stderr; stdout carries only the JSON report.
func progress(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}
