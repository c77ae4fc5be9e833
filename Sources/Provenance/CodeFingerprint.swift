import Foundation

/// A fingerprint (SHA-256) of the code a chapter or a trial runs: every file under `Sources/` by
/// relative path and content, except the modules that code cannot link, and `Package.swift`, whose
/// compiler flags (`-Ounchecked`, `-target-cpu`) change the generated code.
///
/// - `.chapters`: what a chapter executable links or runs — everything but the weaver and renderers
///   (`Report`, `ReportCLI`) and the other executables (`Bench`, `LeakageCLI`, `FederateCLI`), plus
///   `chapters/Support/`.
/// - `.trials`: what a trial worker (`trial`) links — the chapters' scope without the report stack
///   (`Notebook`, `Plotting`), without the executors that schedule trials (`TrialExecution`,
///   `ProcessSupport`: the worker computes the same outcome whoever started it) and without
///   `chapters/Support/`, so that editing how a chapter shows its numbers never invalidates a
///   cached trial. For the same reason the manifest's chapter declarations (lines calling
///   `chapter("…", …)`) are left out: adding a chapter adds an executable no worker links.
public enum CodeFingerprint {
    public enum Scope: Sendable {
        case chapters, trials

        var excludedSourceDirectories: Set<String> {
            let executables: Set<String> = ["Report", "ReportCLI", "Bench", "LeakageCLI", "FederateCLI"]
            switch self {
            case .chapters: return executables
            case .trials: return executables.union(["Notebook", "Plotting", "ProcessSupport", "TrialExecution"])
            }
        }

        var includesChapterSupport: Bool { self == .chapters }
    }

    /// The fingerprint of the package at `root` for `scope`.
    public static func compute(packageRoot root: URL, scope: Scope = .chapters) throws -> String {
        var hasher = SHA256()
        hasher.update("scope \(scope)\n")
        let sources = root.appendingPathComponent("Sources", isDirectory: true)
        for file in try files(under: sources, excluding: scope.excludedSourceDirectories) {
            hasher.update("Sources/\(file.path)\0\(try digest(of: file.url))\n")
        }
        let support = root.appendingPathComponent("chapters/Support", isDirectory: true)
        if scope.includesChapterSupport, FileManager.default.fileExists(atPath: support.path) {
            for file in try files(under: support, excluding: []) {
                hasher.update("chapters/Support/\(file.path)\0\(try digest(of: file.url))\n")
            }
        }
        let manifest = root.appendingPathComponent("Package.swift")
        if FileManager.default.fileExists(atPath: manifest.path) {
            let digest = scope == .trials ? try manifestDigestWithoutChapters(manifest) : try digest(of: manifest)
            hasher.update("Package.swift\0\(digest)\n")
        }
        return hasher.finalize()
    }

    /// Regular files below `directory` (relative paths, sorted), skipping hidden files and the
    /// top-level directories in `excluded`.
    static func files(under directory: URL, excluding excluded: Set<String>) throws -> [(path: String, url: URL)] {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue,
              let enumerator = manager.enumerator(at: directory, includingPropertiesForKeys: [.isRegularFileKey],
                                                  options: [.skipsHiddenFiles]) else {
            throw ProvenanceError.unreadable(path: directory.path, reason: "not a directory")
        }
        let base = directory.standardizedFileURL.path
        var found: [(path: String, url: URL)] = []
        for case let url as URL in enumerator {
            let path = String(url.standardizedFileURL.path.dropFirst(base.count + 1))
            if let top = path.split(separator: "/").first, excluded.contains(String(top)) { continue }
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
            found.append((path, url))
        }
        return found.sorted { $0.path < $1.path }
    }

    /// The digest of the manifest without its chapter declarations (lines whose first call is
    /// `chapter(`), for the trials scope.
    static func manifestDigestWithoutChapters(_ url: URL) throws -> String {
        guard let data = FileManager.default.contents(atPath: url.path), let text = String(data: data, encoding: .utf8) else {
            throw ProvenanceError.unreadable(path: url.path, reason: "cannot read the manifest as UTF-8")
        }
        let kept = text.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.drop(while: { $0 == " " || $0 == "\t" }).hasPrefix("chapter(\"") }
        var hasher = SHA256()
        hasher.update(kept.joined(separator: "\n"))
        return hasher.finalize()
    }

    static func digest(of url: URL) throws -> String {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw ProvenanceError.unreadable(path: url.path, reason: "cannot read file")
        }
        var hasher = SHA256()
        hasher.update(data)
        return hasher.finalize()
    }
}
