import Foundation
import Provenance

/// The key frozen results are stored under: SHA-256 over the chapter's code (prose and cell options
/// excluded, so editing prose never forces a rerun), the fingerprint of the code it links
/// (`CodeFingerprint`: Sources/, chapters/Support, Package.swift), the numeric identity of the
/// machine (`MachineProfile.numericIdentity`: convolution path and OpenBLAS core), the seed and the
/// budget. `make report` reruns a chapter only when its key changed.
public enum StalenessKey {
    /// Bump to invalidate every frozen result (e.g. when the results format changes meaning).
    static let version = "chapter-key-2"

    /// The key for a chapter's `main.swift` plus any other Swift files in its directory (given as
    /// name → text; they count in full).
    public static func compute(main: ChapterSource, otherFiles: [String: String] = [:], sourcesFingerprint: String,
                               machine: String, seed: UInt64, budget: Budget) -> String {
        var hasher = SHA256()
        hasher.update("\(version)\n--main\n")
        hasher.update(main.keyText)
        for name in otherFiles.keys.sorted() {
            hasher.update("\n--file \(name)\n")
            hasher.update(otherFiles[name]!.split(separator: "\n").map { $0.trimmingTrailingSpaces() }
                .filter { !$0.isEmpty }.joined(separator: "\n"))
        }
        hasher.update("\n--sources \(sourcesFingerprint)\n--machine \(machine)\n--seed \(seed)\n--budget \(budget.rawValue)\n")
        return hasher.finalize()
    }

    /// The key of a chapter directory as found on disk.
    public static func compute(chapter: ChapterInfo, sourcesFingerprint: String, machine: String, seed: UInt64,
                               budget: Budget) throws -> String {
        let main = ChapterSource(text: try chapter.readMain())
        var others: [String: String] = [:]
        for url in try chapter.otherSwiftFiles() {
            do {
                others[url.lastPathComponent] = try String(contentsOf: url, encoding: .utf8)
            } catch {
                throw NotebookError.unreadable(path: url.path, reason: error.localizedDescription)
            }
        }
        return compute(main: main, otherFiles: others, sourcesFingerprint: sourcesFingerprint, machine: machine, seed: seed,
                       budget: budget)
    }
}

extension Substring {
    func trimmingTrailingSpaces() -> String {
        var s = self
        while let c = s.last, c.isWhitespace { s.removeLast() }
        return String(s)
    }
}
