import Foundation
import Provenance

/// A process's access to trials: looks each requested trial up in the cache, hands the missing ones
/// to the executor (or runs them in this process when there is no executor), and returns every
/// outcome or failure in request order. A chapter's session (`TrialSession.current`, module
/// TrialExecution) is configured from the environment the report sets (docs/TRIALS.md).
public final class TrialSession: @unchecked Sendable {
    public let cache: TrialCache
    /// Runs missing trials; nil runs them in this process.
    public let executor: (any TrialExecutor)?
    public let code: String
    private let environment: [String: String]
    private let lock = NSLock()
    private var usageSoFar = TrialUsage()

    public init(cache: TrialCache, executor: (any TrialExecutor)?, code: String,
                environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.cache = cache
        self.executor = executor
        self.code = code
        self.environment = environment
    }

    /// What this session was asked for so far.
    public var usage: TrialUsage { lock.lock(); defer { lock.unlock() }; return usageSoFar }

    /// The outcome of every trial, in order: cached ones from the cache, the others computed now.
    public func run<T: Trial>(_ trials: [T], title: String = T.kind) -> [Result<T.Outcome, TrialFailure>] {
        var requests: [TrialRequest] = []
        var results: [Result<T.Outcome, TrialFailure>?] = Array(repeating: nil, count: trials.count)
        for (i, trial) in trials.enumerated() {
            do {
                requests.append(try TrialRequest(trial, code: code, processEnvironment: environment))
            } catch {
                requests.append(TrialRequest.unencodable(T.kind, label: trial.label))
                results[i] = .failure(TrialFailure(key: "", label: trial.label, message: "\(error)"))
            }
        }
        var missing: [Int] = []
        var cached = 0
        for i in trials.indices where results[i] == nil {
            do {
                if let record = try cache.record(T.Outcome.self, kind: T.kind, key: requests[i].key) {
                    results[i] = .success(record.outcome)
                    cached += 1
                } else {
                    missing.append(i)
                }
            } catch {
                Log.write("trials: \(error); running the trial again\n")
                missing.append(i)
            }
        }
        var unique: [String: Int] = [:]
        for i in missing where unique[requests[i].key] == nil { unique[requests[i].key] = i }
        let toRun = unique.values.sorted()
        let failures = execute(toRun.map { (trials[$0], requests[$0]) }, title: title)
        for i in missing {
            if let failure = failures[requests[i].key] {
                results[i] = .failure(failure)
            } else {
                do {
                    guard let record = try cache.record(T.Outcome.self, kind: T.kind, key: requests[i].key) else {
                        throw TrialError.unreadable(path: cache.recordURL(kind: T.kind, key: requests[i].key).path,
                                                    reason: "no result after the trial ran")
                    }
                    results[i] = .success(record.outcome)
                } catch {
                    results[i] = .failure(TrialFailure(key: requests[i].key, label: requests[i].label, message: "\(error)"))
                }
            }
        }
        record(requests, cached: cached, ran: toRun.count, failed: failures.count)
        Log.write("trials (\(title)): \(trials.count) requested, \(cached) cached, \(toRun.count) run, \(failures.count) failed\n")
        return results.map { $0! }
    }

    /// Runs the given trials (in this process, or through the executor); returns failures by key.
    private func execute<T: Trial>(_ work: [(trial: T, request: TrialRequest)], title: String) -> [String: TrialFailure] {
        guard !work.isEmpty else { return [:] }
        let progress = TrialProgress(title: title, total: work.count)
        var failures: [String: TrialFailure] = [:]
        let inProcess = work.filter { executor == nil && $0.request.runsIn(environment: environment) }
        for (trial, request) in inProcess {
            let started = Date()
            do {
                let outcome = try trial.run(in: TrialContext(cache: cache, code: code))
                try cache.store(outcome, for: request, seconds: Date().timeIntervalSince(started))
                progress.finished(request, failure: nil)
            } catch {
                let failure = TrialFailure(key: request.key, label: request.label, message: "\(error)")
                failures[request.key] = failure
                try? cache.recordFailure(failure)
                progress.finished(request, failure: failure)
            }
        }
        let remote = work.filter { !(executor == nil && $0.request.runsIn(environment: environment)) }.map(\.request)
        guard !remote.isEmpty else { return failures }
        guard let executor else {
            for request in remote {
                failures[request.key] = TrialFailure(key: request.key, label: request.label, message:
                    "needs a worker process (environment \(request.environment)); build the `trial` executable")
            }
            return failures
        }
        for request in remote {
            do { try cache.post(request) } catch {
                failures[request.key] = TrialFailure(key: request.key, label: request.label, message: "\(error)")
            }
        }
        let posted = remote.filter { failures[$0.key] == nil }
        for failure in executor.execute(posted, cache: cache, progress: { progress.finished($0, failure: $1) }) {
            failures[failure.key] = failure
        }
        for request in posted where failures[request.key] == nil { cache.withdraw(key: request.key) }
        return failures
    }

    private func record(_ requests: [TrialRequest], cached: Int, ran: Int, failed: Int) {
        lock.lock()
        defer { lock.unlock() }
        for request in requests where !request.key.isEmpty {
            var hasher = SHA256()
            hasher.update(request.specification)
            let entry = TrialUsage.Entry(kind: request.kind, specification: hasher.finalize(),
                                         environment: request.environment, key: request.key)
            if !usageSoFar.entries.contains(entry) { usageSoFar.entries.append(entry) }
        }
        usageSoFar.cached += cached
        usageSoFar.ran += ran
        usageSoFar.failed += failed
    }
}

extension TrialRequest {
    /// A placeholder for a trial whose specification could not be encoded (its failure says why).
    static func unencodable(_ kind: String, label: String) -> TrialRequest {
        TrialRequest(kind: kind, label: label, specification: Data(), environment: [:], key: "", code: "", machine: "")
    }

    init(kind: String, label: String, specification: Data, environment: [String: String], key: String, code: String, machine: String) {
        self.kind = kind; self.label = label; self.specification = specification
        self.environment = environment; self.key = key; self.code = code; self.machine = machine
    }
}
