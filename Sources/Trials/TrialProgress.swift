import Foundation

/// One progress line per finished trial on stderr: done / total, failures, elapsed and ETA.
final class TrialProgress: @unchecked Sendable {
    private let title: String
    private let total: Int
    private let started = Date()
    private var done = 0
    private var failed = 0
    private let lock = NSLock()

    init(title: String, total: Int) {
        self.title = title
        self.total = total
        Log.write("trials (\(title)): running \(total) missing trial\(total == 1 ? "" : "s")\n")
    }

    func finished(_ request: TrialRequest, failure: TrialFailure?) {
        lock.lock()
        done += 1
        if failure != nil { failed += 1 }
        let elapsed = Date().timeIntervalSince(started)
        let eta = done == 0 ? 0 : elapsed / Double(done) * Double(total - done)
        let line = "trials (\(title)): \(done)/\(total) done, \(failed) failed, \(TrialProgress.duration(elapsed)) elapsed, "
            + "ETA \(TrialProgress.duration(eta))" + (failure.map { " — FAILED \(request.label): \($0.message)" } ?? " — \(request.label)")
        lock.unlock()
        Log.write(line + "\n")
    }

    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s < 60 ? "\(s) s" : s < 3600 ? "\(s / 60) min \(s % 60) s" : "\(s / 3600) h \(s % 3600 / 60) min"
    }
}

/// Unbuffered writes to stderr.
enum Log {
    static func write(_ text: String) { FileHandle.standardError.write(Data(text.utf8)) }
}
