import Provenance
import Trials

/// The frozen results of one successful chapter run (`output/chapters/<id>/results.json`).
/// `key` is the staleness key the run was made for: the results are fresh while it matches.
public struct ChapterResults: Codable, Sendable, Equatable {
    /// Chapter directory name, e.g. "00-setting".
    public var chapter: String
    public var key: String
    public var budget: Budget
    public var seed: UInt64
    /// ISO 8601 time the run finished.
    public var finished: String
    /// Wall-clock duration of the run.
    public var seconds: Double
    public var outputs: [RecordedOutput]
    /// The trials the run asked for (nil for chapters without trials and for older results).
    public var trials: TrialUsage?
    /// Where the numbers were computed (nil in older results).
    public var machine: MachineProfile?

    public init(chapter: String, key: String, budget: Budget, seed: UInt64, finished: String, seconds: Double,
                outputs: [RecordedOutput], trials: TrialUsage? = nil, machine: MachineProfile? = nil) {
        self.trials = trials
        self.machine = machine
        self.chapter = chapter
        self.key = key
        self.budget = budget
        self.seed = seed
        self.finished = finished
        self.seconds = seconds
        self.outputs = outputs
    }
}

/// What happened the last time a chapter ran (`output/chapters/<id>/run.json`), success or failure.
/// A failed run leaves `results.json` of the last successful run untouched.
public struct RunRecord: Codable, Sendable, Equatable {
    public enum Status: String, Codable, Sendable { case succeeded, failed }

    public var chapter: String
    public var key: String
    public var budget: Budget
    public var seed: UInt64
    public var status: Status
    /// The error in one line (for failures).
    public var error: String?
    /// The last lines the chapter wrote to stdout/stderr (for failures).
    public var log: String?
    public var finished: String
    public var seconds: Double
    /// The machine the chapter ran on (nil in older records).
    public var machine: MachineProfile?

    public init(chapter: String, key: String, budget: Budget, seed: UInt64, status: Status, error: String? = nil,
                log: String? = nil, finished: String, seconds: Double, machine: MachineProfile? = nil) {
        self.machine = machine
        self.chapter = chapter
        self.key = key
        self.budget = budget
        self.seed = seed
        self.status = status
        self.error = error
        self.log = log
        self.finished = finished
        self.seconds = seconds
    }
}
