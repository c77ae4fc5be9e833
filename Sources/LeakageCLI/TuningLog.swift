import Foundation
import ProcessSupport

/// The tuning log: one JSON object per line, appended atomically (read the file, append the line,
/// write a temporary file next to it, rename it over the log), so an interrupted run never leaves
/// a truncated log.
enum TuningLog {
    /// The log's URL, after checking that its folder exists (a run must not finish and then fail to log).
    static func checkedURL(_ path: String) throws -> URL {
        let url = URL(fileURLWithPath: path)
        var isDirectory: ObjCBool = false
        let folder = url.deletingLastPathComponent().path
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw InputError("--log \(path): the folder \(folder) does not exist (run from the repository root, pass --log FILE, or --no-log)")
        }
        return url
    }

    static func append(_ record: some Encodable, to url: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var line = try encoder.encode(record)
        line.append(UInt8(ascii: "\n"))
        var contents = FileManager.default.fileExists(atPath: url.path) ? try Data(contentsOf: url) : Data()
        if let last = contents.last, last != UInt8(ascii: "\n") { contents.append(UInt8(ascii: "\n")) }
        contents.append(line)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
        try contents.write(to: temporary)
        if rename(temporary.path, url.path) != 0 {
            try? FileManager.default.removeItem(at: temporary)
            throw InputError("\(url.path): cannot replace the log (errno \(errno))")
        }
    }
}

/// The git commit of the working directory, if it is a repository and git is installed.
enum GitState {
    /// (commit, whether tracked files have uncommitted changes), or (nil, nil).
    static func current() -> (String?, Bool?) {
        guard let commit = run(["rev-parse", "HEAD"])?.trimmingCharacters(in: .whitespacesAndNewlines), !commit.isEmpty else {
            return (nil, nil)
        }
        let status = run(["status", "--porcelain", "--untracked-files=no"])
        return (commit, status.map { !$0.isEmpty })
    }

    private static func run(_ arguments: [String]) -> String? {
        guard let (data, _, termination) = try? ChildProcess.outputs(of: URL(fileURLWithPath: "/usr/bin/env"), ["git"] + arguments),
              termination.succeeded else { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}
