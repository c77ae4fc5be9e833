import Foundation

/// Runs trials in `jobs` worker processes on this machine (`trial run --cache DIR KEY`, one
/// process per trial), each with `threads` compute threads (`GL_THREADS`), so that
/// jobs × threads stays within the cores. A process per trial isolates crashes: a trial that dies
/// of a signal or outlives `timeout` is recorded as failed, the others go on.
public struct LocalExecutor: TrialExecutor {
    /// The worker executable (`.build/release/trial`).
    public var worker: URL
    public var jobs: Int
    public var threads: Int
    /// Seconds after which a trial's process is terminated (nil: no limit).
    public var timeout: Double?
    /// Lines of a failed worker's output kept in its failure message.
    public var logLines = 6

    public init(worker: URL, jobs: Int, threads: Int, timeout: Double? = nil) {
        self.worker = worker
        self.jobs = max(1, jobs)
        self.threads = max(1, threads)
        self.timeout = timeout
    }

    public var description: String { "local, \(jobs) job\(jobs == 1 ? "" : "s") × \(threads) thread\(threads == 1 ? "" : "s")" }

    public func execute(_ requests: [TrialRequest], cache: TrialCache,
                        progress: @escaping @Sendable (TrialRequest, TrialFailure?) -> Void) -> [TrialFailure] {
        let queue = WorkQueue(requests)
        let failures = FailureList()
        let group = DispatchGroup()
        for _ in 0..<min(jobs, requests.count) {
            group.enter()
            Thread.detachNewThread {
                while let request = queue.next() {
                    let failure = runWorker(request, cache: cache)
                    if let failure {
                        try? cache.recordFailure(failure)
                        failures.append(failure)
                    }
                    progress(request, failure)
                }
                group.leave()
            }
        }
        group.wait()
        return failures.all
    }

    /// Runs one trial in its own process; returns its failure, or nil when its record is in the cache.
    func runWorker(_ request: TrialRequest, cache: TrialCache) -> TrialFailure? {
        func failure(_ message: String) -> TrialFailure { TrialFailure(key: request.key, label: request.label, message: message) }
        let process = Process()
        process.executableURL = worker
        process.arguments = ["run", "--cache", cache.root.path, request.key]
        var environment = ProcessInfo.processInfo.environment
        environment["GL_THREADS"] = String(threads)
        if environment["SWIFT_BACKTRACE"] == nil { environment["SWIFT_BACKTRACE"] = "enable=no" }
        for (name, value) in request.environment { environment[name] = value }
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return failure("cannot start \(worker.path): \(error.localizedDescription)")
        }
        let deadline = timeout.map { DispatchTime.now() + $0 }
        let timedOut = Flag()
        if let deadline {
            DispatchQueue.global().asyncAfter(deadline: deadline) {
                if process.isRunning { timedOut.set(); process.terminate() }
            }
        }
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let tail = String(decoding: output, as: UTF8.self).split(separator: "\n").suffix(logLines).joined(separator: " | ")
        if timedOut.isSet { return failure("stopped after the time limit of \(Int(timeout ?? 0)) s") }
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            let how = process.terminationReason == .uncaughtSignal
                ? "killed by signal \(process.terminationStatus)" : "exit status \(process.terminationStatus)"
            return failure(tail.isEmpty ? how : "\(tail) (\(how))")
        }
        guard cache.contains(kind: request.kind, key: request.key) else {
            return failure("the worker exited normally but left no result (\(tail))")
        }
        return nil
    }
}

/// Hands out requests to worker threads.
final class WorkQueue: @unchecked Sendable {
    private var remaining: [TrialRequest]
    private let lock = NSLock()
    init(_ requests: [TrialRequest]) { remaining = requests.reversed() }
    func next() -> TrialRequest? { lock.lock(); defer { lock.unlock() }; return remaining.popLast() }
}

/// Failures collected from worker threads.
final class FailureList: @unchecked Sendable {
    private var failures: [TrialFailure] = []
    private let lock = NSLock()
    func append(_ failure: TrialFailure) { lock.lock(); failures.append(failure); lock.unlock() }
    var all: [TrialFailure] { lock.lock(); defer { lock.unlock() }; return failures }
}

/// A flag set once from another thread.
final class Flag: @unchecked Sendable {
    private var value = false
    private let lock = NSLock()
    func set() { lock.lock(); value = true; lock.unlock() }
    var isSet: Bool { lock.lock(); defer { lock.unlock() }; return value }
}
