import Foundation
import Provenance
import TrialExecution
import Trials

/// The runtime inside a chapter executable: the budget and seed it was asked for, and the outputs it
/// records. It is created on first use from the command line (`RunOptions`); when the process exits
/// normally the outputs are written atomically to `<--output>/results.json`. A chapter that throws
/// or crashes never exits normally, so it writes nothing and its previous frozen results stay intact.
public final class ChapterRuntime: @unchecked Sendable {
    /// The runtime of this process.
    public static let current: ChapterRuntime = {
        let options: RunOptions
        do {
            options = try RunOptions.parse(Array(CommandLine.arguments.dropFirst()))
        } catch {
            Log.write("\(CommandLine.arguments.first ?? "chapter"): \(error)\n")
            exit(64)
        }
        let runtime = ChapterRuntime(options: options)
        atexit { ChapterRuntime.current.finish() }
        return runtime
    }()

    /// Work budget: choose sizes with `budget.choose(full:smoke:)`.
    public let budget: Budget
    /// Seed for every random generator of the chapter.
    public let seed: UInt64
    let outputDirectory: URL?

    private let lock = NSLock()
    private var outputs: [RecordedOutput] = []
    private var finished = false
    private let started = Date()

    init(options: RunOptions) {
        budget = options.budget
        seed = options.seed
        outputDirectory = options.outputDirectory
    }

    /// Records an output produced at `file`/`line` and echoes a one-line summary on stderr.
    public func record(_ output: Output, file: String, line: Int) {
        lock.lock()
        outputs.append(RecordedOutput(location: SourceLocation(file: file, line: line), output: output))
        lock.unlock()
        Log.write(ChapterRuntime.summary(of: output) + "\n")
    }

    /// The outputs recorded so far.
    public var recorded: [RecordedOutput] {
        lock.lock()
        defer { lock.unlock() }
        return outputs
    }

    /// Writes `results.json` (called automatically at normal exit; calling it again does nothing).
    public func finish() {
        lock.lock()
        guard !finished else { lock.unlock(); return }
        finished = true
        var results = ChapterResults(chapter: "", key: "", budget: budget, seed: seed,
                                     finished: ISO8601DateFormatter().string(from: Date()),
                                     seconds: Date().timeIntervalSince(started), outputs: outputs)
        lock.unlock()
        let usage = TrialSession.current.usage
        if !usage.entries.isEmpty {
            results.trials = usage
            Log.write("trials: \(usage.entries.count) used, \(usage.cached) cached, \(usage.ran) run, \(usage.failed) failed\n")
        }
        results.machine = .current()
        guard let outputDirectory else { return }
        do {
            try ResultStore.write(results, to: outputDirectory.appendingPathComponent(ResultStore.resultsFileName))
        } catch {
            Log.write("chapter: could not write results: \(error)\n")
            exit(70)
        }
    }

    /// The one-line stderr echo of an output, e.g.
    /// "[finding] INCONCLUSIVE: … — median RDLV 0.43 [0.10, 0.90], n = 32 (16 images × 2 seeds); paper:
    /// above 0.3 — the interval [0.10, 0.90] contains the threshold 0.3 (evidence)".
    static func summary(of output: Output) -> String {
        switch output {
        case .figure(let f): return "[figure] \(f.caption ?? f.label ?? f.figure.title ?? "untitled")"
        case .table(let t): return "[table] \(t.caption ?? t.label ?? "\(t.rows.count) rows")"
        case .value(let v): return "[value] \(v.name) = \(v.formatted)"
        case .claim(let c):
            var line = "[\(c.kind.rawValue)] \(c.outcome.label.uppercased()): \(c.statement)"
            if let measurement = c.measurement { line += " — \(measurement)" }
            if let reason = c.verdictReason { line += " — \(reason)" }
            return line + " (\(c.evidence))"
        }
    }
}
