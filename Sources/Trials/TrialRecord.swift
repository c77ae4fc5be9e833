import Foundation
import Provenance

/// A cached trial outcome (`<cache>/<kind>/<key>.json`): the outcome with what produced it.
public struct TrialRecord<Outcome: Codable & Sendable>: Codable, Sendable {
    public var key: String
    public var kind: String
    public var label: String
    public var outcome: Outcome
    /// Wall-clock seconds the trial took.
    public var seconds: Double
    /// ISO 8601 time it finished.
    public var finished: String
    /// Where it was computed.
    public var machine: MachineProfile

    public init(key: String, kind: String, label: String, outcome: Outcome, seconds: Double, finished: String,
                machine: MachineProfile) {
        self.key = key; self.kind = kind; self.label = label; self.outcome = outcome
        self.seconds = seconds; self.finished = finished; self.machine = machine
    }
}

/// A trial that crashed, timed out or threw (`<cache>/failed/<key>.json`, not committed): the
/// chapter shows the message instead of a number, and the next run tries the trial again.
public struct TrialFailure: Codable, Sendable, Equatable, Error, CustomStringConvertible {
    public var key: String
    public var label: String
    public var message: String
    public var finished: String

    public init(key: String, label: String, message: String, finished: String = ISO8601DateFormatter().string(from: Date())) {
        self.key = key; self.label = label; self.message = message; self.finished = finished
    }

    public var description: String { "trial '\(label)' failed: \(message)" }
}

/// What a chapter asked of the trial cache in one run (stored in its results.json): enough for
/// `report status` to recompute the keys under the current code and count what is cached.
public struct TrialUsage: Codable, Sendable, Equatable {
    /// One requested trial: its kind, the SHA-256 of its specification and its environment.
    public struct Entry: Codable, Sendable, Equatable, Hashable {
        public var kind: String
        public var specification: String
        public var environment: [String: String]
        public var key: String
    }

    public var entries: [Entry] = []
    /// Trials found in the cache, run, and failed in that run.
    public var cached = 0
    public var ran = 0
    public var failed = 0

    public init() {}
}
