import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Atomic file writes, the one implementation both stacks use (docs/DESIGN.md "Reliability"): the
/// content goes to a hidden temporary file in the destination's directory, which is then renamed
/// over the destination. A failed or interrupted write leaves the previous file intact and no
/// temporary file behind.
public enum AtomicFile {
    /// Calls `produce` with a temporary URL to fill, then renames it to `url`.
    ///
    /// - Parameter createDirectories: create missing parent directories (the report stack's
    ///   behaviour); when `false`, a missing directory is an error (the numeric stack's file
    ///   writers, which must not invent paths).
    /// - Throws: `AtomicFileError` naming the file for directory and rename failures; whatever
    ///   `produce` throws, after removing the temporary file.
    public static func write(to url: URL, createDirectories: Bool = true, _ produce: (URL) throws -> Void) throws {
        let directory = url.deletingLastPathComponent()
        if createDirectories {
            do {
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            } catch {
                throw AtomicFileError(path: directory.path, problem: "cannot create directory: \(error.localizedDescription)")
            }
        } else {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw AtomicFileError(path: url.path, problem: "cannot be written: directory \(directory.path) does not exist")
            }
        }
        let temporary = directory.appendingPathComponent(
            ".\(url.lastPathComponent).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp")
        do {
            try produce(temporary)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
        guard rename(temporary.path, url.path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw AtomicFileError(path: url.path, problem: "cannot be written: rename from temporary file failed: \(reason)")
        }
    }

    /// Writes `data` to `url` atomically (see `write(to:createDirectories:_:)`).
    public static func write(_ data: Data, to url: URL, createDirectories: Bool = true) throws {
        try write(to: url, createDirectories: createDirectories) { temporary in
            do {
                try data.write(to: temporary)
            } catch {
                throw AtomicFileError(path: url.path, problem: "cannot be written: \(error.localizedDescription)")
            }
        }
    }

    /// Writes UTF-8 text to `url` atomically.
    public static func write(_ text: String, to url: URL, createDirectories: Bool = true) throws {
        try write(Data(text.utf8), to: url, createDirectories: createDirectories)
    }
}
