import CZlib
import Foundation
import XCTest
@testable import Datasets

/// Path of a committed fixture (made by tools/make_test_fixtures.py).
func fixture(_ name: String) -> String {
    Bundle.module.path(forResource: name, ofType: nil, inDirectory: "Fixtures")!
}

/// A fresh temporary directory, removed at the end of the test.
func makeTemporaryDirectory(_ test: XCTestCase) throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("datasets-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    test.addTeardownBlock { try? FileManager.default.removeItem(at: url) }
    return url
}

/// gzip-compresses `bytes` with zlib (an independent writer for building corrupt inputs).
func gzipCompress(_ bytes: [UInt8]) -> [UInt8] {
    var stream = z_stream()
    precondition(deflateInit2_(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY,
                               ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK)
    defer { deflateEnd(&stream) }
    var output = [UInt8](repeating: 0, count: bytes.count + 1024)
    var input = bytes
    let status = input.withUnsafeMutableBufferPointer { inBuf in
        output.withUnsafeMutableBufferPointer { outBuf in
            stream.next_in = inBuf.baseAddress
            stream.avail_in = uInt(inBuf.count)
            stream.next_out = outBuf.baseAddress
            stream.avail_out = uInt(outBuf.count)
            return deflate(&stream, Z_FINISH)
        }
    }
    precondition(status == Z_STREAM_END)
    return Array(output.prefix(Int(stream.total_out)))
}

/// An IDX ubyte file's bytes: magic 00 00 08 rank, big-endian dims, data.
func idxBytes(dimensions: [Int], data: [UInt8], typeCode: UInt8 = 0x08) -> [UInt8] {
    var bytes: [UInt8] = [0, 0, typeCode, UInt8(dimensions.count)]
    for d in dimensions { bytes += [UInt8(d >> 24 & 0xFF), UInt8(d >> 16 & 0xFF), UInt8(d >> 8 & 0xFF), UInt8(d & 0xFF)] }
    return bytes + data
}

func write(_ bytes: [UInt8], to url: URL) throws { try Data(bytes).write(to: url) }

/// Asserts that `body` throws a `DatasetError` of `kind` whose description names `file`.
func assertDatasetError<T>(_ kind: DatasetError.Kind, naming file: String?, _ body: () throws -> T,
                           message: String = "", line: UInt = #line, sourceFile: StaticString = #filePath) {
    do {
        let value = try body()
        XCTFail("expected \(kind) error, got \(value) \(message)", file: sourceFile, line: line)
    } catch let error as DatasetError {
        XCTAssertEqual(error.kind, kind, "\(error) \(message)", file: sourceFile, line: line)
        if let file {
            XCTAssertTrue(error.description.contains(file), "description does not name \(file): \(error)", file: sourceFile, line: line)
            XCTAssertEqual(error.file, file, file: sourceFile, line: line)
        }
    } catch {
        XCTFail("expected DatasetError.\(kind), got \(error)", file: sourceFile, line: line)
    }
}
