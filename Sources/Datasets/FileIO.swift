import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whole-file reads with clear errors, and atomic writes (DESIGN.md "Reliability": write a temp file
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

    /// Writes `data` to `path` atomically: a hidden temp file in the same directory is written in
    /// full, then renamed over `path`. On any failure the temp file is removed and `path` is untouched.
    public static func writeAtomically(_ data: Data, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw DatasetError(.ioFailure, file: path, "cannot be written: directory \(directory) does not exist")
        }
        let temp = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp")
        do {
            try data.write(to: temp)
        } catch {
            try? FileManager.default.removeItem(at: temp)
            throw DatasetError(.ioFailure, file: path, "cannot be written: \(error.localizedDescription)")
        }
        guard rename(temp.path, path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temp)
            throw DatasetError(.ioFailure, file: path, "cannot be written: rename from temp file failed: \(reason)")
        }
    }
}
