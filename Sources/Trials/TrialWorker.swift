import Foundation
import Provenance

/// What a worker process (`trial run KEY`, locally or as a cluster task) does: read the posted
/// request, decode its specification as the trial type of its kind, run it, and store the outcome
/// atomically in the cache. A thrown error is recorded as the trial's failure.
public struct TrialWorker {
    /// The trial types this worker can run, by kind.
    public let kinds: [String: any Trial.Type]

    public init(kinds: [any Trial.Type]) {
        self.kinds = Dictionary(kinds.map { ($0.kind, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Runs the trial posted under `key` in `cache`. Throws (after recording the failure) when it fails.
    public func run(key: String, cache: TrialCache) throws {
        let request = try cache.pending(key: key)
        guard let type = kinds[request.kind] else {
            throw TrialError.unknownKind(request.kind, known: kinds.keys.sorted())
        }
        do {
            try run(type, request: request, cache: cache)
        } catch {
            try? cache.recordFailure(TrialFailure(key: key, label: request.label, message: "\(error)"))
            throw error
        }
    }

    private func run<T: Trial>(_ type: T.Type, request: TrialRequest, cache: TrialCache) throws {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let trial: T
        do {
            trial = try decoder.decode(T.self, from: request.specification)
        } catch {
            throw TrialError.unreadable(path: cache.pendingURL(key: request.key).path, reason: "not a '\(T.kind)' specification (\(error))")
        }
        let started = Date()
        let outcome = try trial.run(in: TrialContext(cache: cache, code: request.code))
        try cache.store(outcome, for: request, seconds: Date().timeIntervalSince(started))
    }
}
