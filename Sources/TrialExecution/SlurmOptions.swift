import Foundation

/// How the Slurm executor submits trials (`make report EXECUTOR=slurm`; README "On a Slurm
/// cluster"). Read from the environment the report sets for a chapter:
///
/// | variable | option | default |
/// |---|---|---|
/// | `GL_SLURM_PARTITION` | `sbatch --partition` | the cluster's default |
/// | `GL_SLURM_ACCOUNT` | `sbatch --account` | the user's default |
/// | `GL_SLURM_TIME` | `sbatch --time` per task (`MM`, `HH:MM:SS`, `D-HH`) | the partition's default |
/// | `GL_SLURM_CPUS` | `sbatch --cpus-per-task` (a trial computes with `GL_THREADS_PER_JOB` threads) | 1 |
/// | `GL_SLURM_OPTIONS` | further sbatch options, separated by spaces | none |
/// | `GL_SLURM_MAX_TASKS` | tasks of one array running at once (`--array=…%N`) | no limit |
/// | `GL_SLURM_ATTEMPTS` | submissions of a trial before it counts as failed | 3 |
/// | `GL_SLURM_POLL` | seconds between two looks at the queue | 5 |
/// | `GL_SLURM_BIN` | the folder holding `sbatch` and `squeue` | found on `PATH` |
public struct SlurmOptions: Sendable, Equatable {
    public var partition: String?
    public var account: String?
    public var timeLimit: String?
    public var cpusPerTask = 1
    public var extraOptions: [String] = []
    public var maxConcurrentTasks: Int?
    public var maxAttempts = 3
    public var pollInterval = 5.0
    public var commandDirectory: URL?

    public init() {}

    /// Options from `GL_SLURM_*` variables; throws naming the variable whose value is not usable.
    public init(environment: [String: String]) throws {
        func text(_ name: String) -> String? {
            guard let value = environment[name]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
            return value
        }
        func positive<N: Numeric & Comparable & LosslessStringConvertible>(_ name: String, _ type: N.Type) throws -> N? {
            guard let value = text(name) else { return nil }
            guard let number = N(value), number > 0 else {
                throw SlurmError.badSetting(name: name, value: value, expected: "a positive number")
            }
            return number
        }
        partition = text("GL_SLURM_PARTITION")
        account = text("GL_SLURM_ACCOUNT")
        timeLimit = text("GL_SLURM_TIME")
        if let time = timeLimit, time.contains(where: { !($0.isNumber || $0 == ":" || $0 == "-") }) {
            throw SlurmError.badSetting(name: "GL_SLURM_TIME", value: time, expected: "a Slurm time such as 30, 01:00:00 or 1-00")
        }
        cpusPerTask = try positive("GL_SLURM_CPUS", Int.self) ?? 1
        extraOptions = text("GL_SLURM_OPTIONS")?.split(separator: " ").map(String.init) ?? []
        maxConcurrentTasks = try positive("GL_SLURM_MAX_TASKS", Int.self)
        maxAttempts = try positive("GL_SLURM_ATTEMPTS", Int.self) ?? 3
        pollInterval = try positive("GL_SLURM_POLL", Double.self) ?? 5
        commandDirectory = text("GL_SLURM_BIN").map { URL(fileURLWithPath: $0, isDirectory: true) }
    }

    /// The path of a Slurm command: in `commandDirectory`, else the first match on `PATH`.
    public func command(_ name: String, path: String? = ProcessInfo.processInfo.environment["PATH"]) throws -> URL {
        let directories = commandDirectory.map { [$0.path] } ?? (path ?? "/usr/bin:/bin").split(separator: ":").map(String.init)
        for directory in directories {
            let candidate = URL(fileURLWithPath: directory, isDirectory: true).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        throw SlurmError.commandMissing(name, searched: directories)
    }
}

/// What goes wrong talking to Slurm.
public enum SlurmError: Error, CustomStringConvertible, Equatable {
    case badSetting(name: String, value: String, expected: String)
    case commandMissing(String, searched: [String])
    case commandFailed(command: String, status: String, output: String)
    case unexpectedOutput(command: String, output: String)

    public var description: String {
        switch self {
        case let .badSetting(name, value, expected): "\(name)='\(value)': expected \(expected)"
        case let .commandMissing(name, searched):
            "'\(name)' not found in \(searched.joined(separator: ":")) — is this a Slurm submit host? (set GL_SLURM_BIN or PATH)"
        case let .commandFailed(command, status, output): "\(command) failed (\(status)): \(output)"
        case let .unexpectedOutput(command, output): "\(command) printed something unexpected: '\(output)'"
        }
    }
}
