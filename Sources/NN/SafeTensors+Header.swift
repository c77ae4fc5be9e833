import Foundation

extension SafeTensors {
    /// One tensor's header entry.
    struct Entry {
        let name: String
        let dtype: SafeTensorsDType
        let shape: [Int]
        /// Byte range relative to the data section.
        let begin: Int
        let end: Int
    }

    /// A parsed and validated header.
    struct Header {
        let entries: [Entry]
        let metadata: [String: String]
        /// Where the data section starts in the file (8 + header length).
        let dataOffset: Int

        /// Largest header accepted (the reference implementation's limit).
        static let maxHeaderLength = 100_000_000

        static func parse(_ raw: UnsafeRawBufferPointer, file: String) throws -> Header {
            guard raw.count >= 8 else {
                throw SafeTensorsError(.badHeaderLength, file: file,
                                       "only \(raw.count) bytes; a safetensors file starts with an 8-byte header length")
            }
            let declared = UInt64(littleEndian: raw.loadUnaligned(as: UInt64.self))
            guard declared > 0 else { throw SafeTensorsError(.badHeaderLength, file: file, "header length is 0") }
            guard declared <= UInt64(raw.count - 8) else {
                throw SafeTensorsError(.headerBeyondFile, file: file,
                                       "header length \(declared) runs past the end of the file (\(raw.count - 8) bytes follow the length prefix)")
            }
            guard declared <= UInt64(maxHeaderLength) else {
                throw SafeTensorsError(.badHeaderLength, file: file, "header length \(declared) exceeds the \(maxHeaderLength)-byte limit")
            }
            let headerLength = Int(declared)
            let json: SafeTensorsJSON
            do {
                json = try SafeTensorsJSON.parse(UnsafeBufferPointer(start: raw.baseAddress!.assumingMemoryBound(to: UInt8.self) + 8, count: headerLength))
            } catch {
                throw SafeTensorsError(.invalidJSON, file: file, "header is not valid JSON: \(error.message)")
            }
            guard case let .object(members) = json else {
                throw SafeTensorsError(.invalidHeader, file: file, "header must be a JSON object, found \(json.typeName)")
            }
            let dataSize = raw.count - 8 - headerLength
            var seen = Set<String>()
            var entries: [Entry] = []
            var metadata: [String: String] = [:]
            for (name, value) in members {
                guard seen.insert(name).inserted else {
                    throw SafeTensorsError(.duplicateName, file: file, entry: name, "the name appears more than once in the header")
                }
                if name == "__metadata__" {
                    metadata = try parseMetadata(value, file: file)
                } else {
                    entries.append(try parseEntry(name, value, dataSize: dataSize, file: file))
                }
            }
            try checkCoverage(entries, dataSize: dataSize, file: file)
            return Header(entries: entries, metadata: metadata, dataOffset: 8 + headerLength)
        }

        private static func parseMetadata(_ value: SafeTensorsJSON, file: String) throws -> [String: String] {
            guard case let .object(pairs) = value else {
                throw SafeTensorsError(.invalidHeader, file: file, entry: "__metadata__", "must be an object of strings, found \(value.typeName)")
            }
            var metadata: [String: String] = [:]
            for (key, item) in pairs {
                guard case let .string(text) = item else {
                    throw SafeTensorsError(.invalidHeader, file: file, entry: "__metadata__", "value of \"\(key)\" must be a string, found \(item.typeName)")
                }
                metadata[key] = text
            }
            return metadata
        }

        private static func parseEntry(_ name: String, _ value: SafeTensorsJSON, dataSize: Int, file: String) throws -> Entry {
            func fail(_ kind: SafeTensorsError.Kind, _ message: String) -> SafeTensorsError {
                SafeTensorsError(kind, file: file, entry: name, message)
            }
            guard case let .object(fields) = value else { throw fail(.invalidHeader, "must be an object, found \(value.typeName)") }
            func field(_ key: String) throws -> SafeTensorsJSON {
                guard let found = fields.first(where: { $0.key == key }) else { throw fail(.invalidHeader, "missing \"\(key)\"") }
                return found.value
            }
            guard case let .string(dtypeName) = try field("dtype") else { throw fail(.invalidHeader, "\"dtype\" must be a string") }
            guard let dtype = SafeTensorsDType(rawValue: dtypeName) else {
                if SafeTensorsDType.knownUnsupported.contains(dtypeName) {
                    throw fail(.unknownDType, "dtype \(dtypeName) is not supported (supported: \(SafeTensorsDType.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                throw fail(.unknownDType, "unknown dtype \"\(dtypeName)\"")
            }
            guard case let .array(shapeValues) = try field("shape") else { throw fail(.invalidHeader, "\"shape\" must be an array") }
            var shape: [Int] = []
            for item in shapeValues {
                guard let extent = item.nonNegativeInteger else {
                    throw fail(.invalidHeader, "\"shape\" must hold non-negative integers, found \(item)")
                }
                shape.append(extent)
            }
            guard case let .array(offsetValues) = try field("data_offsets"), offsetValues.count == 2,
                  let begin = offsetValues[0].nonNegativeInteger, let end = offsetValues[1].nonNegativeInteger else {
                throw fail(.invalidHeader, "\"data_offsets\" must be [begin, end] with non-negative integers")
            }
            guard begin <= end else { throw fail(.offsetsOutOfRange, "data_offsets [\(begin), \(end)] end before they begin") }
            guard end <= dataSize else {
                throw fail(.offsetsOutOfRange, "data_offsets [\(begin), \(end)] run past the data section (\(dataSize) bytes)")
            }
            var elements = 1
            for extent in shape {
                let (product, overflow) = elements.multipliedReportingOverflow(by: extent)
                guard !overflow, product <= Int(Int32.max) * 64 else { throw fail(.invalidHeader, "shape \(shape) is absurdly large") }
                elements = product
            }
            guard end - begin == elements * dtype.size else {
                throw fail(.sizeMismatch, "data_offsets [\(begin), \(end)] span \(end - begin) bytes but \(dtype.rawValue) \(shape) needs \(elements * dtype.size)")
            }
            return Entry(name: name, dtype: dtype, shape: shape, begin: begin, end: end)
        }

        /// Entries must tile the data section exactly: no overlaps, no holes, nothing left over.
        private static func checkCoverage(_ entries: [Entry], dataSize: Int, file: String) throws {
            let sorted = entries.sorted { ($0.begin, $0.end) < ($1.begin, $1.end) }
            var covered = 0
            var previous: Entry?
            for entry in sorted where entry.end > entry.begin {
                if entry.begin < covered, let previous {
                    throw SafeTensorsError(.overlappingOffsets, file: file, entry: entry.name,
                                           "data_offsets [\(entry.begin), \(entry.end)] overlap those of \"\(previous.name)\" [\(previous.begin), \(previous.end)]")
                }
                if entry.begin > covered {
                    throw SafeTensorsError(.uncoveredData, file: file, entry: entry.name,
                                           "bytes \(covered)..<\(entry.begin) of the data section before this entry belong to no tensor")
                }
                covered = entry.end
                previous = entry
            }
            guard covered == dataSize else {
                throw SafeTensorsError(.uncoveredData, file: file,
                                       "the last \(dataSize - covered) bytes of the data section belong to no tensor (\(dataSize) bytes, \(covered) covered)")
            }
        }
    }
}
