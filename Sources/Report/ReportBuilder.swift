import Foundation
import Notebook
import Plotting

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

    /// A chapter with its current key and whether its frozen results match it.
    public struct ChapterState: Sendable {
        public var chapter: ChapterInfo
        public var key: String
        public var isFresh: Bool
        public var lastRun: RunRecord?
    }

    public func chapters() throws -> [ChapterInfo] {
        try ChapterInfo.discover(in: root.appendingPathComponent("chapters", isDirectory: true))
    }

    public func states() throws -> [ChapterState] {
        let fingerprint = try SourceFingerprint.compute(sources: root.appendingPathComponent("Sources", isDirectory: true))
        return try chapters().map { chapter in
            let key = try StalenessKey.compute(chapter: chapter, sourcesFingerprint: fingerprint, seed: seed, budget: budget)
            let results = try? store.results(for: chapter.id)
            let run = try? store.run(for: chapter.id)
            return ChapterState(chapter: chapter, key: key, isFresh: results?.key == key, lastRun: run ?? nil)
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
        var runner = ChapterRunner(binDirectory: binDirectory, store: store)
        runner.echo = echo
        runner.timeout = timeout
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

    /// Reads sources and frozen results and weaves the document.
    public func document() throws -> Document {
        var inputs: [ChapterInput] = []
        var newest: String? = nil
        var totalSeconds = 0.0
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
            }
            inputs.append(input)
        }
        var details = ["Budget: \(budget.rawValue) · seed \(seed)"]
        if let newest {
            details.append("Results computed up to \(newest.prefix(10)) (chapter runs: \(String(format: "%.1f", totalSeconds)) s in total)")
        }
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
