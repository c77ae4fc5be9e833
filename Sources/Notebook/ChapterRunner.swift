import Foundation
import ProcessSupport
import Provenance

/// Runs chapter executables as subprocesses, so a chapter that throws or crashes cannot take the
/// report down. A successful run's results are anchored to the chapter's code lines and frozen
/// atomically; a failed run records its error and leaves the previous results untouched.
public struct ChapterRunner: Sendable {
    /// Directory holding the built chapter executables (`.build/release`).
    public var binDirectory: URL
    public var store: ResultStore
    /// Forwarded chapter output (stdout and stderr merged) goes here; by default to our stderr.
    public var echo: @Sendable (String) -> Void = { Log.write($0) }
    /// Lines of chapter output kept for a failure's log.
    public var logLines = 40
    /// Stop a chapter that runs longer than this (seconds); nil waits forever.
    public var timeout: Double?
    /// Environment for the chapter's trials (`TrialSession`): cache folder, worker, jobs, code
    /// fingerprint, time limit per trial.
    public var trialEnvironment: [String: String] = [:]

    public init(binDirectory: URL, store: ResultStore) {
        self.binDirectory = binDirectory
        self.store = store
    }

    /// Runs one chapter with the given key, budget and seed; returns (and saves) its run record.
    @discardableResult
    public func run(_ chapter: ChapterInfo, key: String, budget: Budget, seed: UInt64) -> RunRecord {
        let started = Date()
        func record(_ status: RunRecord.Status, error: String? = nil, log: String? = nil) -> RunRecord {
            let run = RunRecord(chapter: chapter.id, key: key, budget: budget, seed: seed, status: status, error: error,
                                log: log, finished: ISO8601DateFormatter().string(from: Date()),
                                seconds: Date().timeIntervalSince(started), machine: .current())
            do {
                try store.save(run)
            } catch {
                Log.write("report: \(error)\n")
            }
            return run
        }

        let executable = binDirectory.appendingPathComponent(chapter.executableName)
        guard FileManager.default.isExecutableFile(atPath: executable.path) else {
            return record(.failed, error: "executable \(executable.path) not found: declare chapter(\"\(chapter.id)\", …) "
                + "in Package.swift and build with `swift build -c release`")
        }
        let scratch = store.scratchDirectory(for: chapter.id)
        try? FileManager.default.removeItem(at: scratch)
        defer {
            try? FileManager.default.removeItem(at: scratch)
            _ = rmdir(scratch.deletingLastPathComponent().path)  // only succeeds when no other run uses it
        }
        do {
            try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        } catch {
            return record(.failed, error: "cannot create \(scratch.path): \(error.localizedDescription)")
        }

        var environment = ProcessInfo.processInfo.environment
        if environment["SWIFT_BACKTRACE"] == nil { environment["SWIFT_BACKTRACE"] = "enable=no" }
        for (name, value) in trialEnvironment { environment[name] = value }
        let child = ChildProcess(executable: executable,
                                 arguments: ["--budget", budget.rawValue, "--seed", String(seed), "--output", scratch.path],
                                 environment: environment)
        let pipe = Pipe()
        child.process.standardOutput = pipe
        child.process.standardError = pipe
        do {
            try child.run()
        } catch {
            return record(.failed, error: "cannot start \(executable.path): \(error.localizedDescription)")
        }
        let watchdog = Watchdog(child: child)
        if let timeout { watchdog.arm(after: timeout) }
        var tail = OutputTail(maxLines: logLines)
        let reader = pipe.fileHandleForReading
        while true {
            let data = reader.availableData
            if data.isEmpty { break }
            let text = String(decoding: data, as: UTF8.self)
            echo(text)
            tail.append(text)
        }
        let termination = child.wait()

        watchdog.disarm()
        if watchdog.fired {
            return record(.failed, error: "stopped after the time limit of \(Int(timeout ?? 0)) s", log: tail.text)
        }
        guard termination.succeeded else {
            let message = tail.errorLine.map { "\($0) (\(termination))" } ?? "the chapter stopped without an error message (\(termination))"
            return record(.failed, error: message, log: tail.text)
        }
        do {
            var results = try ResultStore.read(ChapterResults.self, from: scratch.appendingPathComponent(ResultStore.resultsFileName))
                ?? ChapterResults(chapter: chapter.id, key: key, budget: budget, seed: seed,
                                  finished: ISO8601DateFormatter().string(from: Date()), seconds: 0, outputs: [])
            let source = ChapterSource(text: try chapter.readMain())
            results.chapter = chapter.id
            results.key = key
            results.outputs = results.outputs.map { output in
                var anchored = output
                anchored.anchor = output.location.isMainFile ? source.anchor(forLine: output.location.line) : nil
                return anchored
            }
            try store.save(results)
        } catch {
            return record(.failed, error: "\(error)", log: tail.text)
        }
        return record(.succeeded)
    }
}

/// Terminates a chapter process that outlives its time limit.
final class Watchdog: @unchecked Sendable {
    private let child: ChildProcess
    private let lock = NSLock()
    private var armed = false
    private var didFire = false

    init(child: ChildProcess) { self.child = child }

    func arm(after seconds: Double) {
        lock.lock(); armed = true; lock.unlock()
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds) { [self] in
            lock.lock()
            let fire = armed && child.isRunning
            if fire { didFire = true }
            lock.unlock()
            // SIGTERM, then SIGKILL two seconds later for a chapter that ignores it.
            if fire { child.stop() }
        }
    }

    func disarm() { lock.lock(); armed = false; lock.unlock() }

    var fired: Bool { lock.lock(); defer { lock.unlock() }; return didFire }
}

/// The last lines of a chapter's output, and the line that best describes a failure.
struct OutputTail {
    let maxLines: Int
    private(set) var lines: [String] = []
    private var partial = ""
    private(set) var errorLine: String?

    init(maxLines: Int) { self.maxLines = maxLines }

    mutating func append(_ text: String) {
        var pieces = (partial + text).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        partial = pieces.removeLast()
        for line in pieces { add(line) }
    }

    private mutating func add(_ line: String) {
        lines.append(line)
        if lines.count > maxLines { lines.removeFirst(lines.count - maxLines) }
        // Swift's runtime reports a thrown top-level error / fatalError as "…: Fatal error: <message>".
        if let range = line.range(of: "Fatal error: ") {
            errorLine = String(line[range.upperBound...])
        } else if errorLine == nil, line.lowercased().hasPrefix("error") {
            errorLine = line
        }
    }

    var text: String { (lines + (partial.isEmpty ? [] : [partial])).joined(separator: "\n") }
}
