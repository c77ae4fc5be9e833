import Foundation
import Provenance

/// A costly, deterministic piece of a chapter — an attack on one client update, a federation run —
/// as a pure function of its specification (the conforming value: configuration, seed, data
/// indices) and the code it runs. Its outcome is cached under a content key (`TrialKey`), so a
/// chapter that asks again gets the cached outcome, and only trials whose specification or code
/// changed run again. Trials run in this process, in local worker processes (`JOBS=N`) or on a
/// cluster (`TrialExecutor`), so a specification must say everything the computation needs.
public protocol Trial: Codable, Sendable {
    associatedtype Outcome: Codable & Sendable

    /// The name a worker finds the trial's type by ("attack", "federation"); part of the key.
    static var kind: String { get }

    /// A few words for progress lines and failure messages ("baseline on client 9, seed 3").
    var label: String { get }

    /// The convolution path the trial must run on (nil: the machine's default). A trial that asks
    /// for another path than its process's runs in a worker process with that environment.
    var convolutionPath: ConvolutionPath? { get }

    /// Computes the outcome. `context` gives access to the cache (e.g. the states a federation
    /// trial left for the attacks on its rounds).
    func run(in context: TrialContext) throws -> Outcome
}

extension Trial {
    public var convolutionPath: ConvolutionPath? { nil }
}

/// What a running trial may use besides its specification.
public struct TrialContext: Sendable {
    /// The cache the session uses (nil when nothing is cached, e.g. a chapter run by hand).
    public var cache: TrialCache?
    /// The code fingerprint and machine the trial's key was computed for.
    public var code: String

    public init(cache: TrialCache?, code: String) {
        self.cache = cache
        self.code = code
    }

    /// Runs (or fetches) a trial this trial depends on, in this process, caching its outcome.
    public func dependency<T: Trial>(_ trial: T) throws -> T.Outcome {
        let request = try TrialRequest(trial, code: code)
        if let cache, let record = try cache.record(T.Outcome.self, kind: T.kind, key: request.key) { return record.outcome }
        let started = Date()
        let outcome = try trial.run(in: self)
        try cache?.store(outcome, for: request, seconds: Date().timeIntervalSince(started))
        return outcome
    }
}
