import Foundation
import XCTest
@testable import Datasets

final class IDXFileTests: XCTestCase {
    func testTinyFixtureWrittenByPythonGzip() throws {
        let file = try IDXFile.read(path: fixture("tiny-2x2x3.idx.gz"))
        XCTAssertEqual(file.dimensions, [2, 2, 3])
        XCTAssertEqual(file.declaredCount, 2)
        XCTAssertEqual(file.itemSize, 6)
        XCTAssertEqual(file.bytes, Array(0..<12))
    }

    func testLimitReadsOnlyTheFirstItems() throws {
        let file = try IDXFile.read(path: fixture("tiny-2x2x3.idx.gz"), limit: 1)
        XCTAssertEqual(file.dimensions, [1, 2, 3])
        XCTAssertEqual(file.declaredCount, 2)
        XCTAssertEqual(file.bytes, Array(0..<6))
        XCTAssertEqual(try IDXFile.read(path: fixture("tiny-2x2x3.idx.gz"), limit: 99).count, 2)
    }

    func testUncompressedAndMultiMemberFiles() throws {
        let directory = try makeTemporaryDirectory(self)
        let raw = directory.appendingPathComponent("raw.idx")
        try write(idxBytes(dimensions: [3], data: [7, 8, 9]), to: raw)
        XCTAssertEqual(try IDXFile.read(path: raw.path).bytes, [7, 8, 9])
        // Two gzip members concatenated decompress to the concatenation (as `gzip -d` does).
        let bytes = idxBytes(dimensions: [4], data: [1, 2, 3, 4])
        let multi = directory.appendingPathComponent("multi.idx.gz")
        try write(gzipCompress(Array(bytes[0..<6])) + gzipCompress(Array(bytes[6...])), to: multi)
        XCTAssertEqual(try IDXFile.read(path: multi.path).bytes, [1, 2, 3, 4])
    }

    func testCorruptInputsGiveClearErrors() throws {
        let directory = try makeTemporaryDirectory(self)
        func file(_ name: String, _ bytes: [UInt8]) throws -> String {
            let url = directory.appendingPathComponent(name)
            try write(bytes, to: url)
            return url.path
        }
        let good = idxBytes(dimensions: [2, 2, 3], data: Array(0..<12))
        let compressed = gzipCompress(good)

        let missing = directory.appendingPathComponent("absent.gz").path
        assertDatasetError(.missingFile, naming: missing) { try IDXFile.read(path: missing) }

        let truncated = try file("truncated.gz", Array(compressed.prefix(compressed.count - 12)))
        assertDatasetError(.truncated, naming: truncated) { try IDXFile.read(path: truncated) }

        let headerOnly = try file("header-only.gz", Array(compressed.prefix(5)))
        assertDatasetError(.truncated, naming: headerOnly) { try IDXFile.read(path: headerOnly) }

        var badCRC = compressed
        badCRC[badCRC.count - 6] ^= 0xFF                       // inside the CRC-32 trailer
        let crc = try file("bad-crc.gz", badCRC)
        assertDatasetError(.corrupt, naming: crc) { try IDXFile.read(path: crc) }

        var badDeflate = compressed
        badDeflate[10] = 0xFF                                  // first byte of the deflate stream: invalid block type
        let deflate = try file("bad-deflate.gz", badDeflate)
        assertDatasetError(.corrupt, naming: deflate) { try IDXFile.read(path: deflate) }

        let garbage = try file("trailing-garbage.gz", compressed + [0x41, 0x42, 0x43])
        assertDatasetError(.corrupt, naming: garbage) { try IDXFile.read(path: garbage) }

        var magic = good
        magic[0] = 0x12
        let wrongMagic = try file("wrong-magic.gz", gzipCompress(magic))
        assertDatasetError(.badMagic, naming: wrongMagic) { try IDXFile.read(path: wrongMagic) }

        let text = try file("text.gz", Array("hello, world".utf8))
        assertDatasetError(.badMagic, naming: text) { try IDXFile.read(path: text) }

        let floats = try file("floats.gz", gzipCompress(idxBytes(dimensions: [1], data: [0, 0, 0, 0], typeCode: 0x0D)))
        assertDatasetError(.unsupported, naming: floats) { try IDXFile.read(path: floats) }

        let declaredTooLarge = try file("too-large.gz", gzipCompress(idxBytes(dimensions: [3, 2, 3], data: Array(0..<12))))
        assertDatasetError(.truncated, naming: declaredTooLarge) { try IDXFile.read(path: declaredTooLarge) }

        let terabytes = try file("terabytes.gz", gzipCompress(idxBytes(dimensions: [1 << 20, 1 << 10, 1 << 9], data: Array(0..<12))))
        assertDatasetError(.truncated, naming: terabytes) { try IDXFile.read(path: terabytes) }

        let extraData = try file("extra.gz", gzipCompress(idxBytes(dimensions: [1, 2, 3], data: Array(0..<12))))
        assertDatasetError(.corrupt, naming: extraData) { try IDXFile.read(path: extraData) }

        let rankZero = try file("rank0.gz", gzipCompress([0, 0, 8, 0]))
        assertDatasetError(.corrupt, naming: rankZero) { try IDXFile.read(path: rankZero) }

        let empty = try file("empty.gz", [])
        assertDatasetError(.truncated, naming: empty) { try IDXFile.read(path: empty) }
    }
}
