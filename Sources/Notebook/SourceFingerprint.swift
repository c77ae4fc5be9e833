import Foundation

/// A fingerprint (SHA-256) of the library code chapters run on: every file under `Sources/` by
/// relative path and content, except the directories that cannot change a chapter's numbers
/// (the weaver/renderers `Report`, `ReportCLI`, and `Bench`).
public enum SourceFingerprint {
    public static let excludedDirectories: Set<String> = ["Report", "ReportCLI", "Bench"]

    public static func compute(sources: URL, excluding excluded: Set<String> = excludedDirectories) throws -> String {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: sources.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw NotebookError.unreadable(path: sources.path, reason: "not a directory")
        }
        guard let enumerator = manager.enumerator(at: sources, includingPropertiesForKeys: [.isRegularFileKey],
                                                  options: [.skipsHiddenFiles]) else {
            throw NotebookError.unreadable(path: sources.path, reason: "not a directory")
        }
        let base = sources.standardizedFileURL.path
        var files: [(path: String, url: URL)] = []
        for case let url as URL in enumerator {
            let path = String(url.standardizedFileURL.path.dropFirst(base.count + 1))
            if let top = path.split(separator: "/").first, excluded.contains(String(top)) { continue }
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
            files.append((path, url))
        }
        var hasher = SHA256()
        for file in files.sorted(by: { $0.path < $1.path }) {
            guard let data = manager.contents(atPath: file.url.path) else {
                throw NotebookError.unreadable(path: file.url.path, reason: "cannot read file")
            }
            var fileHasher = SHA256()
            fileHasher.update(data)
            hasher.update("\(file.path)\0\(fileHasher.finalize())\n")
        }
        return hasher.finalize()
    }
}
