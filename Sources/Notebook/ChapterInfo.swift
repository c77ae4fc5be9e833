import Foundation

/// A chapter found on disk: `chapters/NN-slug/main.swift`, built as the executable `chapter-NN-slug`.
public struct ChapterInfo: Sendable, Equatable {
    /// The directory name, e.g. "00-setting"; also the chapter's id in `output/chapters/`.
    public let id: String
    /// The number from the directory name (0 for "00-setting").
    public let number: Int
    public let directory: URL

    public var mainFile: URL { directory.appendingPathComponent("main.swift") }
    /// The executable's name, as declared by `chapter("NN-slug", …)` in Package.swift.
    public var executableName: String { "chapter-\(id)" }

    public init(id: String, number: Int, directory: URL) {
        self.id = id
        self.number = number
        self.directory = directory
    }

    public func readMain() throws -> String {
        do {
            return try String(contentsOf: mainFile, encoding: .utf8)
        } catch {
            throw NotebookError.unreadable(path: mainFile.path, reason: error.localizedDescription)
        }
    }

    /// Swift files of the chapter other than main.swift (helpers), sorted by name.
    public func otherSwiftFiles() throws -> [URL] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw NotebookError.unreadable(path: directory.path, reason: error.localizedDescription)
        }
        return names.filter { $0.hasSuffix(".swift") && $0 != "main.swift" }.sorted().map { directory.appendingPathComponent($0) }
    }

    /// Every chapter under `chapters/` (directories named `NN-slug` holding a main.swift), by number.
    public static func discover(in chaptersDirectory: URL) throws -> [ChapterInfo] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: chaptersDirectory.path)
        } catch {
            throw NotebookError.unreadable(path: chaptersDirectory.path, reason: error.localizedDescription)
        }
        var chapters: [ChapterInfo] = []
        for name in names {
            guard let number = parseNumber(name) else { continue }
            let directory = chaptersDirectory.appendingPathComponent(name, isDirectory: true)
            guard FileManager.default.fileExists(atPath: directory.appendingPathComponent("main.swift").path) else { continue }
            chapters.append(ChapterInfo(id: name, number: number, directory: directory))
        }
        return chapters.sorted { $0.id < $1.id }
    }

    /// The number of a valid chapter directory name (`NN-slug`, slug of lowercase letters, digits, dashes).
    static func parseNumber(_ name: String) -> Int? {
        let characters = Array(name)
        guard characters.count >= 4, characters[0].isASCII, characters[0].isNumber, characters[1].isASCII,
              characters[1].isNumber, characters[2] == "-" else { return nil }
        let slug = characters[3...]
        guard slug.allSatisfy({ ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" }) else { return nil }
        return Int(String(characters[0...1]))
    }
}
