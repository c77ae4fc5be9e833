/// How much work a chapter does: `full` for the report, `smoke` for tests and CI (every chapter in
/// seconds). The budget is part of the staleness key, so the two never share frozen results.
public enum Budget: String, Codable, Sendable, CaseIterable {
    case full
    case smoke

    /// Picks the value for this budget, e.g. `run.budget.choose(full: 4000, smoke: 20)`.
    public func choose<Value>(full: Value, smoke: Value) -> Value {
        self == .full ? full : smoke
    }
}
