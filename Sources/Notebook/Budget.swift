/// How much work a chapter does: `full` for the report, `smoke` for tests and CI (every chapter in
/// seconds), `paper` for runs toward the paper's own scale on a cluster (`make report BUDGET=paper
/// EXECUTOR=slurm`; more iterations and samples where a chapter declares them, the full budget's
/// values elsewhere). The budget is part of the staleness key, so budgets never share frozen
/// results, and each writes to its own output folder.
public enum Budget: String, Codable, Sendable, CaseIterable {
    case full
    case smoke
    case paper

    /// Picks the value for this budget, e.g. `run.budget.choose(full: 4000, smoke: 20, paper: 40_000)`;
    /// without a `paper` value the paper budget takes the full one.
    public func choose<Value>(full: Value, smoke: Value, paper: Value? = nil) -> Value {
        switch self {
        case .full: full
        case .smoke: smoke
        case .paper: paper ?? full
        }
    }

    /// Where a report of this budget goes, under the package root: `output`, `output/smoke`, `output/paper`.
    public var outputFolder: String { self == .full ? "output" : "output/\(rawValue)" }
}
