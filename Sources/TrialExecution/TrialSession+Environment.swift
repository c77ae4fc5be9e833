import Foundation
import Provenance
import Trials

extension TrialSession {
    /// The session of this process, configured from the environment the report sets for a chapter
    /// (docs/TRIALS.md):
    /// - `GL_TRIAL_CACHE`: the cache folder (default: a temporary folder, nothing kept);
    /// - `GL_EXECUTOR`: `local` (default: `trial serve` workers on this machine) or `slurm` (job
    ///   arrays; `GL_SLURM_*`, see `SlurmOptions`);
    /// - `GL_TRIAL_WORKER`: the worker executable (default: `trial` beside this executable, if built;
    ///   without one, trials run in this process);
    /// - `GL_JOBS`: local worker processes at once (default 1), `GL_THREADS_PER_JOB` their threads
    ///   (default: cores / jobs), `GL_TRIAL_TIMEOUT`: seconds per trial (default: none);
    /// - `GL_CODE_FINGERPRINT`: the fingerprint of the code (the report computes it; by hand it is
    ///   computed from the package in the working directory, or "unversioned").
    public static let current = TrialSession(environment: ProcessInfo.processInfo.environment)

    /// A session configured from `environment` (see `current`).
    public convenience init(environment: [String: String]) {
        let cacheRoot = environment["GL_TRIAL_CACHE"].map { URL(fileURLWithPath: $0, isDirectory: true) }
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("trials-\(ProcessInfo.processInfo.processIdentifier)")
        let code = environment["GL_CODE_FINGERPRINT"]
            ?? (try? CodeFingerprint.compute(packageRoot: URL(fileURLWithPath: FileManager.default.currentDirectoryPath), scope: .trials))
            ?? "unversioned"
        self.init(cache: TrialCache(root: cacheRoot), executor: ExecutorChoice(environment: environment).executor,
                  code: code, environment: environment)
    }
}
