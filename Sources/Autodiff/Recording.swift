/// Whether operations record the graph. Recording is on by default; `withoutRecording` turns it off
/// for a scope (optimizer updates, metrics, first-order backward passes).
public enum Recording {
    @TaskLocal static var isEnabled = true

    /// True while operations record the graph in this task.
    public static var isActive: Bool { isEnabled }
}

/// Runs `body` with graph recording off: results are constants, which is cheaper.
public func withoutRecording<R>(_ body: () throws -> R) rethrows -> R {
    try Recording.$isEnabled.withValue(false, operation: body)
}

/// Runs `body` with graph recording on (the default), for code called from a non-recording scope.
public func withRecording<R>(_ body: () throws -> R) rethrows -> R {
    try Recording.$isEnabled.withValue(true, operation: body)
}
