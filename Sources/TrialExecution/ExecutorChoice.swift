import Foundation
import Trials

/// The executor a chapter's trial session uses, read from the environment (docs/TRIALS.md):
/// `GL_EXECUTOR` (`local` or `slurm`), `GL_TRIAL_WORKER`, `GL_JOBS`, `GL_THREADS_PER_JOB`,
/// `GL_TRIAL_TIMEOUT`, and `GL_SLURM_*` (`SlurmOptions`).
struct ExecutorChoice {
    /// nil: no worker executable, so trials run in the chapter's own process.
    let executor: (any TrialExecutor)?

    init(environment: [String: String]) {
        let sibling = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            .deletingLastPathComponent().appendingPathComponent("trial")
        guard let worker = environment["GL_TRIAL_WORKER"].map({ URL(fileURLWithPath: $0) })
                ?? (FileManager.default.isExecutableFile(atPath: sibling.path) ? sibling : nil) else {
            executor = nil
            return
        }
        let jobs = max(1, Int(environment["GL_JOBS"] ?? "") ?? 1)
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let threads = max(1, Int(environment["GL_THREADS_PER_JOB"] ?? "") ?? max(1, cores / jobs))
        let timeout = Double(environment["GL_TRIAL_TIMEOUT"] ?? "")
        switch environment["GL_EXECUTOR"] ?? "local" {
        case "local":
            executor = LocalExecutor(worker: worker, jobs: jobs, threads: threads, timeout: timeout)
        case "slurm":
            do {
                var options = try SlurmOptions(environment: environment)
                // A per-trial time limit becomes the tasks' Slurm time limit (whole minutes).
                if options.timeLimit == nil, let timeout { options.timeLimit = String(Int((timeout / 60).rounded(.up))) }
                executor = SlurmExecutor(worker: worker, threads: threads, options: options)
            } catch {
                executor = RefusingExecutor(reason: "\(error)")
            }
        case let other:
            executor = RefusingExecutor(reason: "GL_EXECUTOR='\(other)': expected local or slurm")
        }
    }
}
