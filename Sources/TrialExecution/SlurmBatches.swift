import Foundation
import Trials

/// The files of one job-array submission, in `<cache>/slurm/<batch>/`: `keys` (task i runs the
/// trial on line i + 1), `task.sh` (the array's batch script) and each task's log.
struct SlurmBatches: Sendable {
    struct Batch {
        var directory: URL
        var script: URL
        /// sbatch's `--output` pattern: one log per array task.
        var logPattern: String { directory.appendingPathComponent("task-%A_%a.log").path }
        func log(job: String, index: Int) -> URL { directory.appendingPathComponent("task-\(job)_\(index).log") }
    }

    let cache: TrialCache
    let worker: URL
    let threads: Int

    /// Writes a batch for `requests` (which share one environment); clears their old failures, so a
    /// failure found later is this attempt's.
    func write(_ requests: [TrialRequest], attempt: Int) throws -> Batch {
        let root = cache.root.appendingPathComponent("slurm", isDirectory: true)
        let stamp = ISO8601DateFormatter.string(from: Date(), timeZone: .gmt, formatOptions: [.withYear, .withMonth, .withDay, .withTime])
        let name = "\(stamp)-attempt\(attempt)-\(requests[0].key.prefix(8))"
        let directory = root.appendingPathComponent(name, isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for request in requests { try? FileManager.default.removeItem(at: cache.failureURL(key: request.key)) }
        let keys = directory.appendingPathComponent("keys")
        try Data(requests.map { $0.key + "\n" }.joined().utf8).write(to: keys, options: .atomic)
        let script = directory.appendingPathComponent("task.sh")
        try Data(scriptText(keys: keys, environment: requests[0].environment).utf8).write(to: script, options: .atomic)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
        return Batch(directory: directory, script: script)
    }

    /// The batch script: picks its key by `SLURM_ARRAY_TASK_ID` and execs the worker, so a signal
    /// Slurm sends the task reaches the worker itself.
    func scriptText(keys: URL, environment: [String: String]) -> String {
        var lines = [
            "#!/bin/sh",
            "# Written by the Slurm executor (docs/TRIALS.md): array task i runs the trial on line i + 1 of the key list.",
            "key=$(sed -n \"$((SLURM_ARRAY_TASK_ID + 1))p\" \(Self.quoted(keys.path)))",
            "[ -n \"$key\" ] || { echo \"no key for array task $SLURM_ARRAY_TASK_ID in \(keys.path)\" >&2; exit 2; }",
            "export GL_THREADS=\(threads)",
            "export OPENBLAS_NUM_THREADS=1",
        ]
        for (name, value) in environment.sorted(by: { $0.key < $1.key }) { lines.append("export \(name)=\(Self.quoted(value))") }
        lines.append("exec \(Self.quoted(worker.path)) run --cache \(Self.quoted(cache.root.path)) \"$key\"")
        return lines.joined(separator: "\n") + "\n"
    }

    /// A shell word: single-quoted, with single quotes escaped.
    static func quoted(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    /// The last lines of a task's log, joined (or why there is none).
    static func tail(of log: URL, lines count: Int = 4) -> String {
        guard let text = try? String(contentsOf: log, encoding: .utf8) else { return "(no log)" }
        let lines = text.split(whereSeparator: \.isNewline).suffix(count)
        return lines.isEmpty ? "(empty log)" : lines.joined(separator: " | ")
    }
}
