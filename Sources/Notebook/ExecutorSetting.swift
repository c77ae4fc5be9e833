import Foundation
import TrialExecution

/// Where the report's missing trials run (`report build --executor`, `make report EXECUTOR=…`):
/// `local` worker processes on this machine, or `slurm` job arrays (docs/TRIALS.md). The chapters
/// learn it from `GL_EXECUTOR`; Slurm's own settings come from `GL_SLURM_*` (`SlurmOptions`).
public enum ExecutorSetting: String, Sendable, CaseIterable {
    case local, slurm

    /// Checks, before any chapter runs, that this executor can work with `environment`: for Slurm,
    /// that the `GL_SLURM_*` settings are valid and `sbatch` and `squeue` are found. Returns a
    /// description for the log.
    public func check(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String {
        switch self {
        case .local:
            return "local"
        case .slurm:
            let options: SlurmOptions
            do {
                options = try SlurmOptions(environment: environment)
                _ = try options.command("sbatch", path: environment["PATH"])
                _ = try options.command("squeue", path: environment["PATH"])
            } catch {
                throw NotebookError.badArgument("--executor slurm: \(error)")
            }
            return SlurmExecutor(worker: URL(fileURLWithPath: "trial"), options: options).description
        }
    }
}
