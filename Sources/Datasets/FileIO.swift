import FileSupport
import Foundation

/// Whole-file reads with clear errors, and atomic writes (docs/DESIGN.md "Reliability": write a temp file
/// in the same directory, then rename it over the target, so a failed or interrupted write leaves the
/// previous file intact).
public enum FileIO {
    /// The bytes of the file at `path`. Throws `.missingFile` when it does not exist and `.ioFailure`
    /// when it cannot be read (a directory, no permission).
    public static func read(_ path: String) throws -> Data {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw DatasetError(.missingFile, file: path, "no such file")
        }
        if isDirectory.boolValue { throw DatasetError(.ioFailure, file: path, "is a directory, not a file") }
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path), options: .mappedIfSafe)
        } catch {
            throw DatasetError(.ioFailure, file: path, "cannot be read: \(error.localizedDescription)")
        }
    }

    /// Writes `data` to `path` atomically with the package's one atomic writer (`AtomicFile`): a
    /// hidden temp file in the same directory is written in full, then renamed over `path`. On any
    /// failure the temp file is removed and `path` is untouched. A missing directory is an error.
    /// Throws `DatasetError(.ioFailure)` naming `path`.
    public static func writeAtomically(_ data: Data, to path: String) throws {
        do {
            try AtomicFile.write(data, to: URL(fileURLWithPath: path), createDirectories: false)
        } catch let error as AtomicFileError {
            throw DatasetError(.ioFailure, file: path, error.problem)
        }
    }
}
