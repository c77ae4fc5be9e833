import Foundation
import Trials

/// Runs trials as Slurm job-array tasks (`make report EXECUTOR=slurm`), the way submitit's
/// `map_array` or Snakemake's Slurm executor do, with this project's own worker: each task runs
/// `trial run --cache DIR KEY` for one posted request, and its outcome lands in the shared trial
/// cache, written atomically. The executor then watches the queue: a task that leaves it with its
/// record in the cache is done; one that leaves a recorded failure (the trial threw) has failed;
/// one that leaves neither (killed, out of time, lost with its node) is submitted again, up to
/// `maxAttempts` times. The cache folder and the worker must be on a filesystem every node sees.
public struct SlurmExecutor: TrialExecutor {
    /// The worker executable (`.build/release/trial`), on the shared filesystem.
    public var worker: URL
    /// Compute threads of each trial (`GL_THREADS`): 1 in the report, as with the local executor,
    /// since the thread split changes sums (docs/TRIALS.md "Threads").
    public var threads: Int
    public var options: SlurmOptions

    public init(worker: URL, threads: Int = 1, options: SlurmOptions) {
        self.worker = worker
        self.threads = max(1, threads)
        self.options = options
    }

    public var description: String {
        "slurm, \(options.cpusPerTask) CPU\(options.cpusPerTask == 1 ? "" : "s") per task × \(threads) thread\(threads == 1 ? "" : "s")"
            + (options.partition.map { ", partition \($0)" } ?? "")
    }

    public func execute(_ requests: [TrialRequest], cache: TrialCache,
                        progress: @escaping @Sendable (TrialRequest, TrialFailure?) -> Void) -> [TrialFailure] {
        var watch = SlurmWatch(queue: SlurmQueue(options: options), batches: SlurmBatches(cache: cache, worker: worker, threads: threads))
        var failures: [TrialFailure] = []
        func fail(_ request: TrialRequest, _ message: String) {
            let failure = TrialFailure(key: request.key, label: request.label, message: message)
            try? cache.recordFailure(failure)
            failures.append(failure)
            progress(request, failure)
        }
        func submit(_ requests: [TrialRequest], attempt: Int) {
            do {
                try watch.submit(requests, attempt: attempt)
            } catch {
                for request in requests { fail(request, "cannot submit to Slurm: \(error)") }
            }
        }
        submit(requests, attempt: 1)
        var queueErrors = 0
        while !watch.outstanding.isEmpty {
            Thread.sleep(forTimeInterval: options.pollInterval)
            let queued: Set<String>
            do {
                queued = try watch.queue.queuedTasks()
                queueErrors = 0
            } catch {
                queueErrors += 1
                // A controller that is briefly unreachable is normal on a busy cluster; ten in a row is not.
                if queueErrors < 10 { continue }
                for task in watch.outstanding.values { fail(task.request, "cannot read the Slurm queue: \(error)") }
                break
            }
            /// Requests to submit again, by the attempt they start.
            var again: [Int: [TrialRequest]] = [:]
            for task in watch.outstanding.values.sorted(by: { $0.index < $1.index }) where !queued.contains(task.slurmID) {
                watch.outstanding[task.request.key] = nil
                if cache.contains(kind: task.request.kind, key: task.request.key) {
                    progress(task.request, nil)
                } else if let failure = cache.failure(key: task.request.key) {
                    failures.append(failure)
                    progress(task.request, failure)
                } else if task.attempt < options.maxAttempts {
                    Log.write("slurm: task \(task.slurmID) (\(task.request.label)) ended without a result; submitting it again "
                        + "(attempt \(task.attempt + 1) of \(options.maxAttempts))\n")
                    again[task.attempt + 1, default: []].append(task.request)
                } else {
                    fail(task.request, "no result after \(task.attempt) Slurm submissions; last task \(task.slurmID), "
                        + "log \(task.log.path): \(SlurmBatches.tail(of: task.log))")
                }
            }
            for (attempt, requests) in again.sorted(by: { $0.key < $1.key }) { submit(requests, attempt: attempt) }
        }
        return failures
    }
}

/// The tasks an executor is waiting for, by request key.
struct SlurmWatch {
    struct Task {
        var request: TrialRequest
        var attempt: Int
        var slurmID: String
        var index: Int
        var log: URL
    }

    let queue: SlurmQueue
    let batches: SlurmBatches
    var outstanding: [String: Task] = [:]

    /// Submits one array per environment (requests that need another convolution path get their own).
    mutating func submit(_ requests: [TrialRequest], attempt: Int) throws {
        for group in Dictionary(grouping: requests, by: \.environment).values {
            let batch = try batches.write(group, attempt: attempt)
            let job = try queue.submit(script: batch.script, count: group.count, logs: batch.logPattern)
            for (index, request) in group.enumerated() {
                outstanding[request.key] = Task(request: request, attempt: attempt, slurmID: "\(job)_\(index)", index: index,
                                                log: batch.log(job: job, index: index))
            }
            Log.write("slurm: submitted job \(job), \(group.count) task\(group.count == 1 ? "" : "s") (attempt \(attempt))\n")
        }
    }
}
