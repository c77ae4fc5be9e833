/// Errors from building or writing figures. Descriptions name the problem (and the file, when one is involved).
public enum PlottingError: Error, CustomStringConvertible, Equatable {
    /// The figure's data cannot be drawn (mismatched lengths, bad sizes, …).
    case invalidFigure(String)
    /// Cairo could not create or finish an output file.
    case cairo(path: String, status: String)
    /// A file-system operation failed.
    case io(path: String, message: String)

    public var description: String {
        switch self {
        case .invalidFigure(let message): return "invalid figure: \(message)"
        case .cairo(let path, let status): return "\(path): cairo failed: \(status)"
        case .io(let path, let message): return "\(path): \(message)"
        }
    }
}
