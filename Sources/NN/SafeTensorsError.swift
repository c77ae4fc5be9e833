import Foundation

/// A safetensors file that cannot be read or written. The description names the file and, when one
/// is involved, the entry, e.g. `model.safetensors: entry "bn1.running_mean": data_offsets [0, 12]
/// span 12 bytes but F32 [4] needs 16`.
public struct SafeTensorsError: Error, CustomStringConvertible, LocalizedError, Equatable, Sendable {
    public enum Kind: String, Sendable, Equatable {
        /// The file does not exist.
        case missingFile
        /// The file cannot be read or written.
        case ioFailure
        /// The file is shorter than the 8-byte length prefix, or the declared header length is 0.
        case badHeaderLength
        /// The declared header length runs past the end of the file.
        case headerBeyondFile
        /// The header is not valid UTF-8 JSON.
        case invalidJSON
        /// The JSON is valid but not a safetensors header (wrong types, missing fields).
        case invalidHeader
        /// An entry's dtype is unknown or not supported.
        case unknownDType
        /// An entry's data_offsets point outside the data section.
        case offsetsOutOfRange
        /// Two entries' byte ranges overlap.
        case overlappingOffsets
        /// Bytes of the data section belong to no entry (the format forbids holes).
        case uncoveredData
        /// An entry's byte length differs from shape × dtype size.
        case sizeMismatch
        /// The same name appears twice.
        case duplicateName
        /// A value cannot be stored as requested (e.g. 2.5 in an integer entry).
        case invalidValue
    }

    public let kind: Kind
    public let file: String
    /// The entry (tensor name) concerned, if any.
    public let entry: String?
    public let message: String

    public init(_ kind: Kind, file: String, entry: String? = nil, _ message: String) {
        self.kind = kind
        self.file = file
        self.entry = entry
        self.message = message
    }

    public var description: String {
        if let entry { return "\(file): entry \"\(entry)\": \(message)" }
        return "\(file): \(message)"
    }

    public var errorDescription: String? { description }
}
