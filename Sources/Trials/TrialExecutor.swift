import Foundation

/// Makes trial outcomes appear in a cache. The chapters never call an executor themselves: they
/// ask a `TrialSession` for outcomes, and the session hands the trials missing from the cache to
/// its executor. `LocalExecutor` runs them in worker processes on this machine; a cluster executor
/// (Slurm) writes the same requests to a shared folder and runs `trial run KEY` as array tasks.
///
/// Contract (docs/TRIALS.md): `execute` receives requests whose `key`s are not cached, all posted
/// to `cache` (`cache.post`), so any process that sees the cache folder can read them. When it
/// returns, every request either has its outcome record in the cache, written atomically by the
/// process that computed it, or a `TrialFailure` in the returned list (and in `cache.failureURL`)
/// saying what went wrong: a thrown error, a crash (signal), a time-out. One trial's failure never
/// discards another trial's outcome.
public protocol TrialExecutor: Sendable {
    /// A short name for logs ("local, 2 jobs × 1 thread").
    var description: String { get }

    /// Runs the requests; `progress` is called after each trial finishes (done, failed so far).
    func execute(_ requests: [TrialRequest], cache: TrialCache,
                 progress: @escaping @Sendable (_ request: TrialRequest, _ failure: TrialFailure?) -> Void) -> [TrialFailure]
}
