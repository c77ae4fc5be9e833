import Foundation
import Trials

/// Runs trials in `jobs` worker processes on this machine, each with `threads` compute threads
/// (`GL_THREADS`), so that jobs × threads stays within the cores. A worker (`trial serve --cache
/// DIR`) stays up and takes trial keys one at a time, so the data it loads is loaded once; a trial
/// that kills its worker (a crash) or outlives `timeout` is recorded as failed, and a fresh worker
/// takes the next trial. The other trials' outcomes are never lost: each is in the cache as soon
/// as its worker reports it.
public struct LocalExecutor: TrialExecutor {
    /// The worker executable (`.build/release/trial`).
    public var worker: URL
    public var jobs: Int
    public var threads: Int
    /// Seconds after which a trial's worker is terminated (nil: no limit).
    public var timeout: Double?
    /// Idle workers kept for the next batch of trials (a chapter asks for trials several times).
    private let idle = IdleWorkers()

    public init(worker: URL, jobs: Int, threads: Int, timeout: Double? = nil) {
        self.worker = worker
        self.jobs = max(1, jobs)
        self.threads = max(1, threads)
        self.timeout = timeout
    }

    public var description: String { "local, \(jobs) job\(jobs == 1 ? "" : "s") × \(threads) thread\(threads == 1 ? "" : "s")" }

    public func execute(_ requests: [TrialRequest], cache: TrialCache,
                        progress: @escaping @Sendable (TrialRequest, TrialFailure?) -> Void) -> [TrialFailure] {
        // Trials that need another environment (the convolution path) get workers of their own.
        let groups = Dictionary(grouping: requests) { $0.environment }
        let failures = FailureList()
        for (environment, group) in groups.sorted(by: { $0.value.count > $1.value.count }) {
            let queue = WorkQueue(group)
            let done = DispatchGroup()
            for _ in 0..<min(jobs, group.count) {
                done.enter()
                Thread.detachNewThread {
                    var process = idle.take(environment: environment)
                    while let request = queue.next() {
                        if process == nil { process = try? WorkerProcess(worker: worker, cache: cache, threads: threads,
                                                                           environment: environment) }
                        guard let running = process else {
                            let failure = TrialFailure(key: request.key, label: request.label,
                                                       message: "cannot start the worker \(worker.path)")
                            failures.append(failure); try? cache.recordFailure(failure); progress(request, failure)
                            continue
                        }
                        let failure = running.run(request, timeout: timeout)
                        if let failure {
                            failures.append(failure)
                            try? cache.recordFailure(failure)
                            if !running.isAlive { process = nil }
                        } else if !cache.contains(kind: request.kind, key: request.key) {
                            let missing = TrialFailure(key: request.key, label: request.label,
                                                       message: "the worker reported success but left no result")
                            failures.append(missing)
                        }
                        progress(request, failure)
                    }
                    if let process { idle.put(process, environment: environment) }
                    done.leave()
                }
            }
            done.wait()
        }
        return failures.all
    }
}

/// Worker processes between two batches, by environment. They end with this process: their
/// standard input closes, and `trial serve` stops at the end of its input.
final class IdleWorkers: @unchecked Sendable {
    private var workers: [[String: String]: [WorkerProcess]] = [:]
    private let lock = NSLock()

    func take(environment: [String: String]) -> WorkerProcess? {
        lock.lock()
        defer { lock.unlock() }
        while let worker = workers[environment]?.popLast() {
            if worker.isAlive { return worker }
        }
        return nil
    }

    func put(_ worker: WorkerProcess, environment: [String: String]) {
        guard worker.isAlive else { return }
        lock.lock(); workers[environment, default: []].append(worker); lock.unlock()
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
