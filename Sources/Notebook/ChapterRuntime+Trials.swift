import TrialExecution
import Trials

extension ChapterRuntime {
    /// The outcomes of `trials`, in order: from the trial cache where present, computed otherwise
    /// (in worker processes when the report runs the chapter, `JOBS=N`). Failed trials come back
    /// as failures, and the chapter shows a table of them at this line instead of their numbers.
    public func trials<T: Trial>(_ trials: [T], title: String = T.kind, file: String = #fileID,
                                 line: Int = #line) -> [Result<T.Outcome, TrialFailure>] {
        let results = TrialSession.current.run(trials, title: title)
        let failures = results.compactMap { result -> TrialFailure? in
            if case .failure(let failure) = result { return failure }
            return nil
        }
        if !failures.isEmpty {
            record(.table(TableOutput(header: ["failed trial", "error"], rows: failures.map { [$0.label, $0.message] },
                                      caption: "\(failures.count) of \(trials.count) \(title) trials failed; "
                                          + "their numbers are missing from this chapter's results")),
                   file: file, line: line)
        }
        return results
    }

    /// The trial's outcome or nil (a failed trial counts as missing).
    public func outcomes<T: Trial>(_ trials: [T], title: String = T.kind, file: String = #fileID,
                                   line: Int = #line) -> [T.Outcome?] {
        self.trials(trials, title: title, file: file, line: line).map { try? $0.get() }
    }
}
