import Foundation

/// Atomic file writes: the content goes to a temporary file in the destination's directory, which is
/// then renamed over the destination. A failed or interrupted write leaves the old file intact.
public enum AtomicFile {
    /// Calls `produce` with a temporary URL to fill, then renames it to `url`. Creates missing
    /// parent directories. The temporary file is removed when `produce` throws.
    public static func write(to url: URL, _ produce: (URL) throws -> Void) throws {
        let directory = url.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw ProvenanceError.unwritable(path: directory.path, reason: "cannot create directory: \(error.localizedDescription)")
        }
        let temporary = directory.appendingPathComponent(
            ".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).\(UInt32.random(in: 0...UInt32.max)).tmp")
        do {
            try produce(temporary)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
        guard rename(temporary.path, url.path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw ProvenanceError.unwritable(path: url.path, reason: "cannot rename temporary file into place: \(reason)")
        }
    }

    /// Writes `data` to `url` atomically.
    public static func write(_ data: Data, to url: URL) throws {
        try write(to: url) { temporary in
            do {
                try data.write(to: temporary)
            } catch {
                throw ProvenanceError.unwritable(path: url.path, reason: "cannot write: \(error.localizedDescription)")
            }
        }
    }
}
