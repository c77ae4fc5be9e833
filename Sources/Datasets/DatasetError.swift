import Foundation

/// A failure to read, parse or write a data file, or a bad argument to a data helper.
/// The description names the file (when there is one) and what was wrong, for example
/// `/usr/share/datasets/fashion-mnist/t10k-labels-idx1-ubyte.gz: truncated: the gzip stream ends
/// after 4,096 of its bytes`. Tests match on `kind`; people read `description`.
public struct DatasetError: Error, CustomStringConvertible, LocalizedError, Equatable, Sendable {
    /// What went wrong, coarse enough to test for.
    public enum Kind: String, Sendable, Equatable {
        /// The file does not exist.
        case missingFile
        /// The file exists but could not be read or written (permissions, I/O).
        case ioFailure
        /// The data ends before the format says it should.
        case truncated
        /// The bytes are not valid for the format (bad compressed data, checksum, bad header fields).
        case corrupt
        /// The file does not start with the format's magic number.
        case badMagic
        /// The format is recognised but this variant is not supported (e.g. an IDX of floats).
        case unsupported
        /// Two files or fields that must agree do not (image count vs label count).
        case mismatch
        /// A caller-supplied argument is invalid (shape, size, count).
        case invalidArgument
    }

    /// The file concerned, or nil for argument errors that involve no file.
    public let file: String?
    public let kind: Kind
    /// Human-readable detail, without the file name.
    public let message: String

    public init(_ kind: Kind, file: String?, _ message: String) {
        self.kind = kind
        self.file = file
        self.message = message
    }

    public var description: String {
        if let file { return "\(file): \(message)" }
        return message
    }

    public var errorDescription: String? { description }
}
