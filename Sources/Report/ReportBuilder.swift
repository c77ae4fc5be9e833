import Foundation
import Notebook
import Plotting
import Provenance
import Trials

/// The report pipeline: find the chapters, work out which are stale, run those as subprocesses,
/// weave sources and frozen results into a `Document`, and render `report.pdf` and `report.html`.
public struct ReportBuilder {
    /// The package root (holding `chapters/` and `Sources/`).
    public var root: URL
    /// Where results and the rendered report go (`output/`, or `output/smoke/` for smoke runs).
    public var outputRoot: URL
    /// Where the built chapter executables are (`.build/release`).
    public var binDirectory: URL
    public var budget: Budget
    public var seed: UInt64
    public var title = "Do Gradient Inversion Attacks Make Federated Learning Unsafe?"
    public var subtitle = "A reproduction in Swift of Hatamizadeh et al., IEEE TMI 2023"
    /// Time limit per chapter run in seconds (nil: none).
    public var timeout: Double?
    /// Worker processes for missing trials (`JOBS=N`; default: one per core). Each computes with one
    /// thread: how a computation is split over threads changes the order of its sums, and so the
    /// last bits of an attack's trajectory, so trials always run single-threaded and their outcome
    /// does not depend on `jobs` (docs/TRIALS.md "Threads"). `GL_THREADS_PER_JOB` in the environment
    /// overrides this for measurements only; do not use it with the committed cache.
    public var jobs = ProcessInfo.processInfo.activeProcessorCount
    /// Time limit per trial in seconds (nil: none).
    public var trialTimeout: Double?
    /// Where missing trials run: local worker processes or Slurm job arrays (docs/TRIALS.md).
    public var executor = ExecutorSetting.local
    /// The machine the chapters run on now (its numeric identity enters every key).
    public var machine = MachineProfile.current()
    /// Where chapter output and progress go (stderr by default).
    public var echo: @Sendable (String) -> Void = { Log.write($0) }

    public init(root: URL, outputRoot: URL, binDirectory: URL, budget: Budget, seed: UInt64) {
        self.root = root
        self.outputRoot = outputRoot
        self.binDirectory = binDirectory
        self.budget = budget
        self.seed = seed
    }

    public var store: ResultStore { ResultStore(root: outputRoot) }
    /// The trial cache of this budget (`<output root>/trials`).
    public var trialCache: TrialCache { TrialCache(root: outputRoot.appendingPathComponent("trials", isDirectory: true)) }

    /// A chapter with its current key and whether its frozen results match it.
    public struct ChapterState: Sendable {
        public var chapter: ChapterInfo
        public var key: String
        public var isFresh: Bool
        public var lastRun: RunRecord?
        /// Of the trials the last successful run used: how many are cached under the current code
        /// and machine, and how many are missing (nil when the chapter used no trials).
        public var trials: (cached: Int, missing: Int)?
        /// The records of those cached trials.
        public var cachedTrialRecords: [URL] = []
    }

    /// The fingerprint of the code the chapters (or, with `.trials`, the trial workers) link.
    public func codeFingerprint(_ scope: CodeFingerprint.Scope = .chapters) throws -> String {
        do {
            return try CodeFingerprint.compute(packageRoot: root, scope: scope)
        } catch {
            throw NotebookError.unreadable(path: root.path, reason: "\(error)")
        }
    }

    public func chapters() throws -> [ChapterInfo] {
        try ChapterInfo.discover(in: root.appendingPathComponent("chapters", isDirectory: true))
    }

    public func states() throws -> [ChapterState] {
        let fingerprint = try codeFingerprint()
        let trialCode = try codeFingerprint(.trials)
        let cache = trialCache
        return try chapters().map { chapter in
            let key = try StalenessKey.compute(chapter: chapter, sourcesFingerprint: fingerprint,
                                               machine: machine.numericIdentity, seed: seed, budget: budget)
            let results = (try? store.results(for: chapter.id)) ?? nil
            let run = try? store.run(for: chapter.id)
            var state = ChapterState(chapter: chapter, key: key, isFresh: results?.key == key, lastRun: run ?? nil)
            if let usage = results?.trials {
                state.cachedTrialRecords = usage.entries.compactMap { entry in
                    let machine = MachineProfile.current(environment: ProcessInfo.processInfo.environment.merging(entry.environment) { $1 })
                    let key = TrialRequest.key(kind: entry.kind, specificationDigest: entry.specification, code: trialCode,
                                               machine: machine.numericIdentity)
                    return cache.contains(kind: entry.kind, key: key) ? cache.recordURL(kind: entry.kind, key: key) : nil
                }
                state.trials = (state.cachedTrialRecords.count, usage.entries.count - state.cachedTrialRecords.count)
            }
            return state
        }
    }

    /// Runs the chapters that are stale (all selected ones with `force`). `only` selects chapters by
    /// number ("02") or id ("02-baseline-attack"); unknown selections are an error.
    @discardableResult
    public func run(only: [String] = [], force: Bool = false) throws -> [RunRecord] {
        var states = try states()
        if !only.isEmpty {
            for selection in only where !states.contains(where: { ChapterSelection.matches($0.chapter, selection) }) {
                throw NotebookError.badArgument("no chapter '\(selection)' in \(root.appendingPathComponent("chapters").path) "
                    + "(have: \(states.map(\.chapter.id).joined(separator: ", ")))")
            }
            states = states.filter { state in only.contains { ChapterSelection.matches(state.chapter, $0) } }
        }
        if states.contains(where: { force || !$0.isFresh }) {
            echo("report: missing trials run on: \(try executor.check())\n")
        }
        var runner = ChapterRunner(binDirectory: binDirectory, store: store)
        runner.echo = echo
        runner.timeout = timeout
        runner.trialEnvironment = try trialEnvironment()
        var records: [RunRecord] = []
        for state in states {
            guard force || !state.isFresh else {
                echo("report: \(state.chapter.id) is up to date\n")
                continue
            }
            echo("report: running \(state.chapter.id) (budget \(budget.rawValue), seed \(seed))\n")
            let record = runner.run(state.chapter, key: state.key, budget: budget, seed: seed)
            echo("report: \(state.chapter.id) \(record.status.rawValue) in \(String(format: "%.1f", record.seconds)) s"
                + (record.error.map { ": \($0)" } ?? "") + "\n")
            records.append(record)
        }
        return records
    }

    /// The environment chapters need for their trials.
    public func trialEnvironment() throws -> [String: String] {
        var environment = [
            "GL_TRIAL_CACHE": trialCache.root.path,
            "GL_TRIAL_WORKER": binDirectory.appendingPathComponent("trial").path,
            "GL_JOBS": String(max(1, jobs)),
            "GL_EXECUTOR": executor.rawValue,
            "GL_CODE_FINGERPRINT": try codeFingerprint(.trials),
        ]
        environment["GL_THREADS_PER_JOB"] = ProcessInfo.processInfo.environment["GL_THREADS_PER_JOB"] ?? "1"
        if let trialTimeout { environment["GL_TRIAL_TIMEOUT"] = String(trialTimeout) }
        return environment
    }

    /// Removes cached trials that no chapter's frozen results use (after a run of every chapter).
    @discardableResult
    public func pruneTrials() throws -> Int {
        var keep: Set<String> = []
        for chapter in try chapters() {
            guard let results = try store.results(for: chapter.id) else { continue }
            keep.formUnion(results.trials?.entries.map(\.key) ?? [])
        }
        return trialCache.prune(keeping: keep)
    }

    /// Reads sources and frozen results and weaves the document.
    public func document() throws -> Document {
        var inputs: [ChapterInput] = []
        var newest: String? = nil
        var totalSeconds = 0.0
        var trialRecords: [URL] = []
        for state in try states() {
            var input = ChapterInput(id: state.chapter.id, number: state.chapter.number, source: try state.chapter.readMain(),
                                     currentKey: state.key)
            do {
                input.results = try store.results(for: state.chapter.id)
                input.run = try store.run(for: state.chapter.id)
            } catch {
                input.loadError = "\(error)"
            }
            if let results = input.results, input.isFresh {
                newest = max(newest ?? "", results.finished)
                totalSeconds += results.seconds
                trialRecords += state.cachedTrialRecords
            }
            inputs.append(input)
        }
        var details = ["Budget: \(budget.rawValue) · seed \(seed)"]
        if let newest {
            details.append("Results computed up to \(newest.prefix(10)) (the chapters' latest runs: \(String(format: "%.1f", totalSeconds)) s in total)")
            if !trialRecords.isEmpty {
                let minutes = TrialTime.minutes(of: trialRecords)
                details.append("\(trialRecords.count) cached trials: \(String(format: "%.0f", minutes)) min of single-threaded compute "
                               + "(a cold run's cost ÷ workers)")
            }
        }
        let machines = Set(inputs.compactMap { $0.isFresh ? $0.results?.machine?.summary : nil }).sorted()
        details.append(machines.isEmpty ? "Computed on: not recorded"
                                        : "Computed on: \(machines.joined(separator: "; "))")
        details.append("Rebuild with “make report”; every number comes from the chapters in chapters/.")
        return Weaver(title: title, subtitle: subtitle, details: details).weave(inputs)
    }

    /// Weaves and writes `report.pdf` and `report.html` (+ `figures/`) under the output root.
    @discardableResult
    public func weave() throws -> Document {
        let document = try document()
        let dates = try states().compactMap { state in try? store.results(for: state.chapter.id)?.finished }
        let creation = dates.max().map { String($0.prefix(19)) }
        try PDFRenderer().write(document, to: outputRoot.appendingPathComponent("report.pdf"), creationDate: creation)
        try HTMLRenderer().write(document, to: outputRoot.appendingPathComponent("report.html"))
        return document
    }
}

/// Matching of a `--only` selection against a chapter.
enum ChapterSelection {
    static func matches(_ chapter: ChapterInfo, _ selection: String) -> Bool {
        if selection == chapter.id { return true }
        if let n = Int(selection) { return n == chapter.number }
        return false
    }
}
