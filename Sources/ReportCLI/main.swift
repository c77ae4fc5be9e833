import ArgumentParser
import Foundation
import Notebook
import Report

/// `report`: runs stale chapters as subprocesses and weaves output/report.pdf and output/report.html.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Run the literate chapters and weave the report (PDF + HTML).",
        subcommands: [Build.self, Weave.self, Status.self, Verdicts.self],
        defaultSubcommand: Build.self)
}

struct CommonOptions: ParsableArguments {
    @Option(help: "Work budget: full (the report), smoke (seconds per chapter) or paper (toward the paper's scale; for clusters).")
    var budget: String = "full"

    @Option(help: "Seed passed to every chapter.")
    var seed: UInt64 = 0

    @Option(help: "Package root (holding chapters/ and Sources/).")
    var root: String = FileManager.default.currentDirectoryPath

    @Option(help: "Output directory (default: output; output/smoke or output/paper for those budgets).")
    var output: String?

    @Option(help: "Directory of the built chapter executables (default: the directory of this executable).")
    var bin: String?

    @Option(help: "Worker processes for missing trials (JOBS=N; default: one per core); each computes with one thread.")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Stop a trial that runs longer than this many seconds (it is recorded as failed).")
    var trialTimeout: Double?

    @Option(help: "Where missing trials run: local (worker processes here) or slurm (job arrays; settings from GL_SLURM_*, see docs/TRIALS.md).")
    var executor: String = "local"

    func builder() throws -> ReportBuilder {
        guard let budget = Budget(rawValue: budget) else {
            throw ValidationError("--budget must be full, smoke or paper, not '\(budget)'")
        }
        let rootURL = URL(fileURLWithPath: root, isDirectory: true)
        let outputURL = output.map { URL(fileURLWithPath: $0, isDirectory: true) }
            ?? rootURL.appendingPathComponent(budget.outputFolder, isDirectory: true)
        let binURL = bin.map { URL(fileURLWithPath: $0, isDirectory: true) }
            ?? URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1, not \(jobs)") }
        var builder = ReportBuilder(root: rootURL, outputRoot: outputURL, binDirectory: binURL, budget: budget, seed: seed)
        builder.jobs = jobs
        builder.trialTimeout = trialTimeout
        guard let setting = ExecutorSetting(rawValue: executor) else {
            throw ValidationError("--executor must be local or slurm, not '\(executor)'")
        }
        builder.executor = setting
        return builder
    }
}

extension ReportCommand {
    struct Build: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Run stale chapters, then weave the report.")

        @OptionGroup var common: CommonOptions

        @Flag(help: "Rerun the selected chapters even when their results are fresh.")
        var force = false

        @Option(help: "Only these chapters (numbers like 02 or directory names), comma-separated.")
        var only: String = ""

        @Flag(help: "Exit with status 0 even when a chapter failed.")
        var allowFailures = false

        @Option(help: "Stop a chapter that runs longer than this many seconds.")
        var timeout: Double?

        func run() throws {
            let started = Date()
            var builder = try common.builder()
            builder.timeout = timeout
            let selection = only.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            let records = try builder.run(only: selection, force: force)
            if selection.isEmpty, try builder.states().allSatisfy(\.isFresh) {
                let removed = try builder.pruneTrials()
                if removed > 0 { Log.write("report: removed \(removed) cached trial(s) no chapter uses any more\n") }
            }
            let weaveStarted = Date()
            try builder.weave()
            let failed = try builder.states().filter { state in
                !state.isFresh && state.lastRun?.status == .failed && state.lastRun?.key == state.key
            }
            Log.write("report: wrote \(builder.outputRoot.path)/report.pdf and report.html "
                + "(weave \(String(format: "%.1f", Date().timeIntervalSince(weaveStarted))) s, "
                + "total \(String(format: "%.1f", Date().timeIntervalSince(started))) s, \(records.count) chapter run(s))\n")
            if !failed.isEmpty {
                Log.write("report: \(failed.count) chapter(s) failed: \(failed.map(\.chapter.id).joined(separator: ", ")) "
                    + "(the report shows their errors)\n")
                if !allowFailures { throw ExitCode(1) }
            }
        }
    }

    struct Weave: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Weave the report from the frozen results only.")

        @OptionGroup var common: CommonOptions

        func run() throws {
            let builder = try common.builder()
            try builder.weave()
            Log.write("report: wrote \(builder.outputRoot.path)/report.pdf and report.html\n")
        }
    }

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the chapters and whether their results are fresh.")

        @OptionGroup var common: CommonOptions

        func run() throws {
            let builder = try common.builder()
            print("machine: \(builder.machine.summary)")
            for state in try builder.states() {
                let last = state.lastRun.map { " (last run \($0.status.rawValue), \($0.finished))" } ?? ""
                let compute = TrialTime.minutes(of: state.cachedTrialRecords)
                let trials = state.trials.map {
                    "\ttrials: \($0.cached) cached (\(String(format: "%.1f", compute)) min of trial time), \($0.missing) missing"
                } ?? "\ttrials: none recorded"
                print("\(state.chapter.id)\t\(state.isFresh ? "fresh" : "stale")\(trials)\(last)")
            }
        }
    }
}

ReportCommand.main()
