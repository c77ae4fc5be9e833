import Foundation
import ProcessSupport

/// The executor's view of Slurm: `sbatch` to submit one job array, `squeue` to see which of its
/// tasks are still pending or running. Accounting (`sacct`) is never needed, since a task's result
/// (or its recorded failure) is in the shared trial cache.
struct SlurmQueue: Sendable {
    /// The job name every submission carries; `squeue` is asked for this user's jobs of this name.
    static let jobName = "gl-trials"

    let options: SlurmOptions

    /// Submits `script` as an array of `count` tasks (task i handles line i + 1 of its key list),
    /// each writing its output to `logs` (sbatch's `%A`/`%a` patterns); returns the job id.
    func submit(script: URL, count: Int, logs: String) throws -> String {
        var arguments = ["--parsable", "--job-name=\(Self.jobName)",
                         "--array=0-\(count - 1)" + (options.maxConcurrentTasks.map { "%\($0)" } ?? ""),
                         "--cpus-per-task=\(options.cpusPerTask)", "--ntasks=1", "--output=\(logs)"]
        if let partition = options.partition { arguments.append("--partition=\(partition)") }
        if let account = options.account { arguments.append("--account=\(account)") }
        if let time = options.timeLimit { arguments.append("--time=\(time)") }
        arguments += options.extraOptions + [script.path]
        let output = try run("sbatch", arguments)
        // --parsable prints "JOBID" or "JOBID;CLUSTER".
        guard let id = output.split(separator: ";").first.map(String.init), !id.isEmpty, id.allSatisfy(\.isNumber) else {
            throw SlurmError.unexpectedOutput(command: "sbatch", output: output)
        }
        return id
    }

    /// The tasks of this user's trial jobs still in the queue (pending, running, completing), as
    /// "JOBID_INDEX".
    func queuedTasks() throws -> Set<String> {
        let output = try run("squeue", ["--noheader", "--array", "--user=\(NSUserName())", "--name=\(Self.jobName)", "--format=%i"])
        return Set(output.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
    }

    private func run(_ name: String, _ arguments: [String]) throws -> String {
        let command = try options.command(name)
        let (data, errors, termination) = try ChildProcess.outputs(of: command, arguments)
        let output = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard termination.succeeded else {
            let message = String(decoding: errors, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw SlurmError.commandFailed(command: "\(name) \(arguments.joined(separator: " "))", status: "\(termination)",
                                           output: message.isEmpty ? output : message)
        }
        return output
    }
}
