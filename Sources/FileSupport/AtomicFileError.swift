/// A failed atomic write: the file (or directory) concerned and what went wrong. Callers in the
/// numeric stack rewrap it as their own error kinds (`DatasetError`, `SafeTensorsError`).
public struct AtomicFileError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The file or directory the write failed on.
    public let path: String
    /// What went wrong, in words (`cannot be written: directory … does not exist`, …).
    public let problem: String

    public init(path: String, problem: String) {
        self.path = path
        self.problem = problem
    }

    public var description: String { "\(path): \(problem)" }
}
