import Foundation

/// Progress of a long loop on stderr: count, percentage, a message (e.g. the loss) and the estimated
/// time left, at most a few times per second.
///
///     var progress = Progress("attack", total: iterations)
///     for i in 0..<iterations { …; progress.advance(message: "loss \(loss)") }
public struct Progress {
    public let label: String
    public let total: Int
    public private(set) var completed = 0
    private let started = Date()
    private var lastPrinted = Date.distantPast
    private let interval: TimeInterval

    public init(_ label: String, total: Int, interval: TimeInterval = 0.5) {
        self.label = label
        self.total = max(total, 1)
        self.interval = interval
    }

    /// Marks `steps` more units done and prints when the last line is older than the interval (and at the end).
    public mutating func advance(by steps: Int = 1, message: @autoclosure () -> String = "") {
        completed += steps
        let now = Date()
        guard completed >= total || now.timeIntervalSince(lastPrinted) >= interval else { return }
        lastPrinted = now
        let elapsed = now.timeIntervalSince(started)
        let fraction = Double(min(completed, total)) / Double(total)
        let text = message()
        var line = "[\(label)] \(completed)/\(total) (\(Int(fraction * 100))%)"
        if !text.isEmpty { line += " \(text)" }
        if completed >= total {
            line += " · done in \(Progress.duration(elapsed))"
        } else if fraction > 0 {
            line += " · ETA \(Progress.duration(elapsed / fraction - elapsed))"
        }
        Log.write(line + "\n")
    }

    static func duration(_ seconds: Double) -> String {
        if seconds < 60 { return String(format: "%.1f s", seconds) }
        let s = Int(seconds.rounded())
        return s < 3600 ? "\(s / 60) min \(s % 60) s" : "\(s / 3600) h \(s % 3600 / 60) min"
    }
}
