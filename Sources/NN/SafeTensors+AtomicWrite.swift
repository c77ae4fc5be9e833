import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension SafeTensors {
    /// Writes `data` to a hidden temp file next to `path`, then renames it over `path`; on failure
    /// the temp file is removed and `path` is untouched (DESIGN.md "Reliability").
    static func writeAtomically(_ data: Data, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent()
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw SafeTensorsError(.ioFailure, file: path, "cannot be written: directory \(directory.path) does not exist")
        }
        let temp = directory.appendingPathComponent(".\(url.lastPathComponent).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp")
        do {
            try data.write(to: temp)
        } catch {
            try? FileManager.default.removeItem(at: temp)
            throw SafeTensorsError(.ioFailure, file: path, "cannot be written: \(error.localizedDescription)")
        }
        guard rename(temp.path, path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temp)
            throw SafeTensorsError(.ioFailure, file: path, "cannot be written: rename from temp file failed: \(reason)")
        }
    }
}
