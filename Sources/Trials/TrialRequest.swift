import Foundation
import Provenance

/// A trial as executors see it: its kind, its specification as canonical JSON, the environment
/// its process needs, and the content key its outcome is cached under. Serialisable, so a worker
/// process or a cluster task can run it (`trial run KEY` reads `<cache>/pending/KEY.json`).
public struct TrialRequest: Codable, Sendable, Equatable {
    /// Bump to invalidate every cached trial (when the record format changes meaning).
    public static let keyVersion = "trial-key-1"

    public var kind: String
    public var label: String
    /// The specification, JSON with sorted keys.
    public var specification: Data
    /// Environment variables the trial's process must have (the convolution path).
    public var environment: [String: String]
    /// SHA-256 over the key version, kind, specification, code fingerprint and the numeric
    /// identity of the machine as the trial's process sees it.
    public var key: String
    /// The code fingerprint the key was computed for (dependencies of the trial use it too).
    public var code: String
    /// The machine's numeric identity the key was computed for (architecture / convolution path / BLAS core).
    public var machine: String

    /// The request for `trial` under the code fingerprint `code`, on this machine.
    public init<T: Trial>(_ trial: T, code: String, processEnvironment: [String: String] = ProcessInfo.processInfo.environment) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        do {
            specification = try encoder.encode(trial)
        } catch {
            throw TrialError.unencodable(kind: T.kind, reason: "\(error)")
        }
        kind = T.kind
        label = trial.label
        environment = trial.convolutionPath?.environment ?? [:]
        if trial.convolutionPath == .direct, processEnvironment[ConvolutionPath.environmentVariable] == "0" {
            environment[ConvolutionPath.environmentVariable] = "1"
        }
        self.code = code
        machine = MachineProfile.current(environment: processEnvironment.merging(environment) { $1 }).numericIdentity
        key = TrialRequest.key(kind: kind, specification: specification, code: code, machine: machine)
    }

    /// The content key of a specification.
    public static func key(kind: String, specification: Data, code: String, machine: String) -> String {
        var specHasher = SHA256()
        specHasher.update(specification)
        return key(kind: kind, specificationDigest: specHasher.finalize(), code: code, machine: machine)
    }

    /// The content key from the SHA-256 of the specification (what a chapter's results record).
    public static func key(kind: String, specificationDigest: String, code: String, machine: String) -> String {
        var hasher = SHA256()
        hasher.update("\(keyVersion)\n\(kind)\n\(specificationDigest)\n\(code)\n\(machine)\n")
        return hasher.finalize()
    }

    /// True when this process's environment already gives the trial what it needs.
    public func runsIn(environment current: [String: String]) -> Bool {
        environment.allSatisfy { name, value in
            name == ConvolutionPath.environmentVariable ? ((current[name] == "0") == (value == "0")) : current[name] == value
        }
    }
}

/// Failures of the trial machinery (not of a trial's own computation, which is reported per trial).
public enum TrialError: Error, CustomStringConvertible, Equatable {
    case unencodable(kind: String, reason: String)
    case unreadable(path: String, reason: String)
    case unwritable(path: String, reason: String)
    case unknownKind(String, known: [String])
    case badArgument(String)

    public var description: String {
        switch self {
        case let .unencodable(kind, reason): "cannot encode a '\(kind)' trial: \(reason)"
        case let .unreadable(path, reason): "\(path): \(reason)"
        case let .unwritable(path, reason): "cannot write \(path): \(reason)"
        case let .unknownKind(kind, known): "unknown trial kind '\(kind)' (this worker knows: \(known.joined(separator: ", ")))"
        case let .badArgument(message): message
        }
    }
}
