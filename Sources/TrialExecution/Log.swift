import Foundation

/// Progress and diagnostics of the executors, on standard error (standard output belongs to the
/// chapter or the worker protocol).
enum Log {
    static func write(_ text: String) { FileHandle.standardError.write(Data(text.utf8)) }
}
