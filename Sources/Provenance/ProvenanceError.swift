/// Failures reading what a fingerprint or a key is computed from.
public enum ProvenanceError: Error, CustomStringConvertible, Equatable {
    case unreadable(path: String, reason: String)

    public var description: String {
        switch self {
        case let .unreadable(path, reason): "\(path): \(reason)"
        }
    }
}
