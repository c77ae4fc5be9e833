/// Errors of the chapter runtime, the result store and the runner. Descriptions name the file or
/// argument at fault.
public enum NotebookError: Error, CustomStringConvertible, Equatable {
    case badArgument(String)
    case unreadable(path: String, reason: String)
    case unwritable(path: String, reason: String)
    case badChapter(path: String, reason: String)

    public var description: String {
        switch self {
        case .badArgument(let message): return "bad argument: \(message)"
        case .unreadable(let path, let reason): return "\(path): cannot read: \(reason)"
        case .unwritable(let path, let reason): return "\(path): cannot write: \(reason)"
        case .badChapter(let path, let reason): return "\(path): \(reason)"
        }
    }
}
