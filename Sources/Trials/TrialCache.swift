import Foundation
import FileSupport
import Provenance

/// The content-addressed store of trial outcomes: `<root>/<kind>/<key>.json` (committed with the
/// report, so a fresh clone re-weaves without running anything), `<root>/pending/<key>.json` (the
/// requests workers read) and `<root>/failed/<key>.json` (the last failure of a trial). Every write
/// is atomic (temporary file, then rename): a worker killed half-way leaves nothing half-written.
public struct TrialCache: Sendable {
    public let root: URL

    public init(root: URL) { self.root = root }

    public func recordURL(kind: String, key: String) -> URL {
        root.appendingPathComponent(kind, isDirectory: true).appendingPathComponent("\(key).json")
    }
    public func pendingURL(key: String) -> URL {
        root.appendingPathComponent("pending", isDirectory: true).appendingPathComponent("\(key).json")
    }
    public func failureURL(key: String) -> URL {
        root.appendingPathComponent("failed", isDirectory: true).appendingPathComponent("\(key).json")
    }

    public func contains(kind: String, key: String) -> Bool {
        FileManager.default.fileExists(atPath: recordURL(kind: kind, key: key).path)
    }

    /// The cached record, or nil when the trial has not run. Throws when the file is unreadable.
    public func record<Outcome>(_ type: Outcome.Type, kind: String, key: String) throws -> TrialRecord<Outcome>? {
        try read(TrialRecord<Outcome>.self, from: recordURL(kind: kind, key: key))
    }

    /// Stores an outcome computed for `request` and clears its pending request and old failure.
    public func store<Outcome: Codable & Sendable>(_ outcome: Outcome, for request: TrialRequest, seconds: Double) throws {
        let record = TrialRecord(key: request.key, kind: request.kind, label: request.label, outcome: outcome,
                                 seconds: seconds, finished: ISO8601DateFormatter().string(from: Date()),
                                 machine: .current())
        try write(record, to: recordURL(kind: request.kind, key: request.key))
        try? FileManager.default.removeItem(at: failureURL(key: request.key))
    }

    /// Writes a request where workers find it.
    public func post(_ request: TrialRequest) throws { try write(request, to: pendingURL(key: request.key)) }

    /// The request posted under `key`.
    public func pending(key: String) throws -> TrialRequest {
        guard let request = try read(TrialRequest.self, from: pendingURL(key: key)) else {
            throw TrialError.unreadable(path: pendingURL(key: key).path, reason: "no such trial request")
        }
        return request
    }

    public func withdraw(key: String) { try? FileManager.default.removeItem(at: pendingURL(key: key)) }

    public func recordFailure(_ failure: TrialFailure) throws { try write(failure, to: failureURL(key: failure.key)) }

    public func failure(key: String) -> TrialFailure? { try? read(TrialFailure.self, from: failureURL(key: key)) }

    /// A directory for large by-products of a trial (model states), not committed.
    public func artifactDirectory(key: String) -> URL {
        root.appendingPathComponent("artifacts", isDirectory: true).appendingPathComponent(key, isDirectory: true)
    }

    /// Every cached record's (kind, key).
    public func cachedKeys() -> [(kind: String, key: String)] {
        let manager = FileManager.default
        let kinds = (try? manager.contentsOfDirectory(atPath: root.path)) ?? []
        return kinds.filter { !["pending", "failed", "artifacts"].contains($0) && !$0.hasPrefix(".") }.sorted().flatMap { kind in
            ((try? manager.contentsOfDirectory(atPath: root.appendingPathComponent(kind).path)) ?? [])
                .filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }.sorted()
                .map { (kind, String($0.dropLast(5))) }
        }
    }

    /// Removes the records whose key is not in `keep` (and their artifacts); returns how many.
    @discardableResult
    public func prune(keeping keep: Set<String>) -> Int {
        var removed = 0
        for (kind, key) in cachedKeys() where !keep.contains(key) {
            try? FileManager.default.removeItem(at: recordURL(kind: kind, key: key))
            try? FileManager.default.removeItem(at: artifactDirectory(key: key))
            removed += 1
        }
        return removed
    }

    // MARK: JSON

    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return encoder
    }

    func read<T: Decodable>(_ type: T.Type, from url: URL) throws -> T? {
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        do {
            let decoder = JSONDecoder()
            decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
            return try decoder.decode(T.self, from: try Data(contentsOf: url))
        } catch {
            throw TrialError.unreadable(path: url.path, reason: "not a valid \(T.self) (\(error))")
        }
    }

    func write<T: Encodable>(_ value: T, to url: URL) throws {
        do {
            try AtomicFile.write(try TrialCache.encoder().encode(value) + Data("\n".utf8), to: url)
        } catch {
            throw TrialError.unwritable(path: url.path, reason: "\(error)")
        }
    }
}
