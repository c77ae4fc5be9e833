import Foundation

/// An array read from an IDX file (the MNIST / Fashion-MNIST format): a 4-byte magic
/// `00 00 <type> <rank>`, `rank` big-endian UInt32 dimensions, then the row-major data.
/// Only unsigned bytes (type 0x08) are supported, which is what image and label files use.
public struct IDXFile: Sendable, Equatable {
    /// The dimensions as declared, except that the first is cut to the number of items read.
    public let dimensions: [Int]
    /// The row-major unsigned bytes of the items read.
    public let bytes: [UInt8]
    /// The first dimension as declared in the header (the number of items in the file).
    public let declaredCount: Int

    /// Number of items read (the first dimension).
    public var count: Int { dimensions.first ?? 0 }
    /// Bytes per item (the product of the other dimensions).
    public var itemSize: Int { dimensions.dropFirst().reduce(1, *) }

    private static let typeNames: [UInt8: String] = [
        0x08: "unsigned byte", 0x09: "signed byte", 0x0B: "int16", 0x0C: "int32", 0x0D: "float32", 0x0E: "float64",
    ]

    /// Reads the IDX file at `path`, gzip-compressed or not. With `limit`, only the first `limit`
    /// items are decompressed and returned (fast partial loads; the gzip CRC is then not checked).
    ///
    /// Throws `DatasetError`: `.missingFile`; `.badMagic` when the first bytes are not an IDX magic;
    /// `.unsupported` for non-byte data; `.corrupt` for a zero rank or an absurd declared size;
    /// `.truncated` when the header declares more data than the file holds; `.corrupt` for data
    /// after the declared array; gzip errors from the decompressor.
    public static func read(path: String, limit: Int? = nil) throws -> IDXFile {
        if let limit, limit < 0 {
            throw DatasetError(.invalidArgument, file: path, "limit must be non-negative, got \(limit)")
        }
        let reader = try GzipReader(path: path)
        let magic = try reader.readExactly(4, what: "4-byte IDX magic number")
        guard magic[0] == 0, magic[1] == 0, let typeName = typeNames[magic[2]] else {
            let hex = magic.map { String(format: "%02x", $0) }.joined(separator: " ")
            throw DatasetError(.badMagic, file: path,
                               "not an IDX file: magic bytes \(hex) (expected 00 00 08 <rank>)\(reader.isCompressed ? "" : "; the file is not gzip-compressed either")")
        }
        guard magic[2] == 0x08 else {
            throw DatasetError(.unsupported, file: path, "IDX data type \(typeName) (0x\(String(format: "%02x", magic[2]))) is not supported; only unsigned bytes (0x08) are")
        }
        let rank = Int(magic[3])
        guard rank >= 1 else { throw DatasetError(.corrupt, file: path, "IDX header declares rank 0") }
        let header = try reader.readExactly(4 * rank, what: "IDX header (\(rank) dimensions)")
        var dimensions = (0..<rank).map { axis in
            header[4 * axis..<4 * axis + 4].reduce(0) { $0 << 8 | Int($1) }
        }
        // Dimensions are 32-bit big-endian values; their product is checked for overflow at every
        // step, so a corrupt header cannot produce a negative or wrapped size.
        var itemSize = 1, overflow = false
        for d in dimensions.dropFirst() {
            let (product, o) = itemSize.multipliedReportingOverflow(by: d)
            itemSize = product; overflow = overflow || o || product > 1 << 40
        }
        let declaredCount = dimensions[0]
        let (total, totalOverflow) = declaredCount.multipliedReportingOverflow(by: itemSize)
        guard !overflow, !totalOverflow, total >= 0, total <= 1 << 40 else {
            throw DatasetError(.corrupt, file: path, "IDX header declares an absurd size \(dimensions.map(String.init).joined(separator: "×"))")
        }
        let count = min(declaredCount, limit ?? declaredCount)
        let (bytes, got) = try readData(reader, count: count * itemSize)
        guard got == bytes.count else {
            let shape = dimensions.map(String.init).joined(separator: "×")
            throw DatasetError(.truncated, file: path,
                               "truncated: the header declares \(shape) = \(total) bytes of data, but the file holds only \(got)\(count < declaredCount ? " of the first \(count) items" : "")")
        }
        if count == declaredCount, !(try reader.isAtEnd()) {
            throw DatasetError(.corrupt, file: path,
                               "corrupt: data continues after the \(total) bytes the header declares (\(dimensions.map(String.init).joined(separator: "×")))")
        }
        dimensions[0] = count
        return IDXFile(dimensions: dimensions, bytes: bytes, declaredCount: declaredCount)
    }

    /// Reads up to `count` bytes. The buffer grows with the data actually present (starting from a
    /// guess based on the file size), so a corrupt header that declares terabytes fails with a
    /// truncation error instead of a huge allocation. Returns the buffer (of `count` bytes when
    /// complete) and the number of bytes read.
    private static func readData(_ reader: GzipReader, count: Int) throws -> ([UInt8], Int) {
        let guess = max(1 << 20, 4 * reader.compressedSize)
        var bytes = [UInt8](repeating: 0, count: min(count, guess))
        var filled = 0
        while true {
            filled += try bytes.withUnsafeMutableBytes { try reader.read(into: UnsafeMutableRawBufferPointer(rebasing: $0[filled...])) }
            if filled < bytes.count || bytes.count == count { break }
            bytes.append(contentsOf: repeatElement(0, count: min(count, 2 * bytes.count) - bytes.count))
        }
        return (bytes, filled)
    }
}
