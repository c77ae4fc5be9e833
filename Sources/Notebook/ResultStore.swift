import FileSupport
import Foundation
import Plotting

/// Where frozen chapter results live: `<root>/chapters/<id>/results.json` (last successful run) and
/// `run.json` (last attempt). `root` is `output/` for the full budget and `output/smoke/` for smoke
/// runs, so tests never overwrite the committed report. Every write is atomic.
public struct ResultStore: Sendable {
    public static let resultsFileName = "results.json"
    public static let runFileName = "run.json"

    public let root: URL

    public init(root: URL) { self.root = root }

    public func directory(for chapter: String) -> URL {
        root.appendingPathComponent("chapters", isDirectory: true).appendingPathComponent(chapter, isDirectory: true)
    }

    /// A scratch directory for one run (under `<root>/tmp/`, which is not committed).
    public func scratchDirectory(for chapter: String) -> URL {
        root.appendingPathComponent("tmp", isDirectory: true)
            .appendingPathComponent("\(chapter)-\(ProcessInfo.processInfo.processIdentifier)", isDirectory: true)
    }

    public func resultsURL(for chapter: String) -> URL { directory(for: chapter).appendingPathComponent(ResultStore.resultsFileName) }
    public func runURL(for chapter: String) -> URL { directory(for: chapter).appendingPathComponent(ResultStore.runFileName) }

    /// The frozen results, or nil when the chapter never succeeded. Throws when the file is unreadable.
    public func results(for chapter: String) throws -> ChapterResults? {
        try ResultStore.read(ChapterResults.self, from: resultsURL(for: chapter))
    }

    /// The last run record, or nil when the chapter never ran. Throws when the file is unreadable.
    public func run(for chapter: String) throws -> RunRecord? {
        try ResultStore.read(RunRecord.self, from: runURL(for: chapter))
    }

    public func save(_ results: ChapterResults) throws {
        try ResultStore.write(results, to: resultsURL(for: results.chapter))
    }

    public func save(_ run: RunRecord) throws {
        try ResultStore.write(run, to: runURL(for: run.chapter))
    }

    // MARK: JSON

    /// Pretty, key-sorted JSON (diff-friendly when committed); NaN and infinities as strings.
    public static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return encoder
    }

    public static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return decoder
    }

    static func read<T: Decodable>(_ type: T.Type, from url: URL) throws -> T? {
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw NotebookError.unreadable(path: url.path, reason: error.localizedDescription)
        }
        do {
            return try decoder().decode(T.self, from: data)
        } catch {
            throw NotebookError.unreadable(path: url.path, reason: "not valid \(T.self) JSON (\(describe(error)))")
        }
    }

    static func write<T: Encodable>(_ value: T, to url: URL) throws {
        let data: Data
        do {
            data = try encoder().encode(value)
        } catch {
            throw NotebookError.unwritable(path: url.path, reason: "cannot encode: \(error)")
        }
        do {
            try AtomicFile.write(data + Data("\n".utf8), to: url)
        } catch {
            throw NotebookError.unwritable(path: url.path, reason: "\(error)")
        }
    }

    private static func describe(_ error: Error) -> String {
        switch error {
        case DecodingError.dataCorrupted(let context), DecodingError.typeMismatch(_, let context),
             DecodingError.valueNotFound(_, let context), DecodingError.keyNotFound(_, let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return path.isEmpty ? context.debugDescription : "\(path): \(context.debugDescription)"
        default:
            return "\(error)"
        }
    }
}
