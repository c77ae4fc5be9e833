import Autodiff
import FileSupport
import Foundation
import XCTest
@testable import Datasets

final class ImageFileTests: XCTestCase {
    /// A 7×5 image whose pixels are exact multiples of 1/levels, covering 0 and 1.
    func quantisedImage(levels: Int) throws -> GrayImage {
        let pixels = (0..<35).map { Float(($0 * 7919) % (levels + 1)) / Float(levels) }
        return GrayImage(width: 7, height: 5, pixels: [0, 1] + pixels.dropFirst(2))
    }

    func testPNGRoundTrips8And16Bit() throws {
        let directory = try makeTemporaryDirectory(self)
        for (depth, levels) in [(PNGFile.BitDepth.eight, 255), (.sixteen, 65535)] {
            let image = try quantisedImage(levels: levels)
            let path = directory.appendingPathComponent("round-\(depth.rawValue).png").path
            try PNGFile.write(image, to: path, bitDepth: depth)
            let (read, readDepth) = try PNGFile.readWithDepth(path)
            XCTAssertEqual(readDepth, depth)
            XCTAssertEqual(read.width, 7)
            XCTAssertEqual(read.height, 5)
            for (a, b) in zip(read.pixels, image.pixels) { XCTAssertEqual(a, b, accuracy: 1e-7) }
        }
        // 16 bits keep detail that 8 bits lose.
        let fine = GrayImage(width: 2, height: 1, pixels: [0.5, 0.5 + 1 / 65535])
        let path = directory.appendingPathComponent("fine.png").path
        try PNGFile.write(fine, to: path, bitDepth: .sixteen)
        let back = try PNGFile.read(path)
        XCTAssertNotEqual(back.pixels[0], back.pixels[1])
    }

    func testPGMRoundTrips8And16Bit() throws {
        let directory = try makeTemporaryDirectory(self)
        for (depth, levels) in [(PNGFile.BitDepth.eight, 255), (.sixteen, 65535)] {
            let image = try quantisedImage(levels: levels)
            let path = directory.appendingPathComponent("round-\(depth.rawValue).pgm").path
            try PGMFile.write(image, to: path, bitDepth: depth)
            let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
            XCTAssertEqual(String(decoding: bytes.prefix(2), as: UTF8.self), "P5")
            XCTAssertEqual(bytes.count, "P5\n7 5\n\(levels)\n".utf8.count + 35 * (depth == .sixteen ? 2 : 1))
            let read = try PGMFile.read(path)
            for (a, b) in zip(read.pixels, image.pixels) { XCTAssertEqual(a, b, accuracy: 1e-7) }
        }
    }

    func testPGMHeaderWithCommentsAndOddMaxval() throws {
        let directory = try makeTemporaryDirectory(self)
        let path = directory.appendingPathComponent("comments.pgm")
        try write(Array("P5 # a comment\n# another\n2\t1\n100\n".utf8) + [0, 100], to: path)
        XCTAssertEqual(try PGMFile.read(path.path).pixels, [0, 1])
        let wide = directory.appendingPathComponent("wide.pgm")
        try write(Array("P5\n2 1\n1000\n".utf8) + [0x01, 0xF4, 0x03, 0xE8], to: wide)   // 500, 1000 big-endian
        XCTAssertEqual(try PGMFile.read(wide.path).pixels, [0.5, 1])
    }

    func testTensorBridgeAndExtensionDispatch() throws {
        let directory = try makeTemporaryDirectory(self)
        let tensor = Tensor(shape: [1, 1, 2, 3], scalars: [0, 0.2, 0.4, 0.6, 0.8, 1.0])
        for name in ["t.png", "t.pgm"] {
            let path = directory.appendingPathComponent(name).path
            try ImageFile.write(tensor, to: path, bitDepth: .sixteen)
            let back = try ImageFile.read(path)
            XCTAssertEqual(back.shape, [1, 2, 3])
            for (a, b) in zip(back.scalars, tensor.scalars) { XCTAssertEqual(a, b, accuracy: 1e-4) }
        }
        // Values outside [0, 1] are clamped; NaN is refused.
        let clamped = directory.appendingPathComponent("clamped.pgm").path
        try ImageFile.write(Tensor(shape: [1, 2], scalars: [-3, 7]), to: clamped)
        XCTAssertEqual(try ImageFile.read(clamped).scalars, [0, 1])
        let nan = directory.appendingPathComponent("nan.png").path
        assertDatasetError(.invalidArgument, naming: nan) { try ImageFile.write(Tensor(shape: [1, 2], scalars: [0, .nan]), to: nan) }
        XCTAssertFalse(FileManager.default.fileExists(atPath: nan))
        assertDatasetError(.invalidArgument, naming: nil) { try GrayImage(Tensor(shape: [2, 2, 2], scalars: Array(repeating: 0, count: 8))) }
        let jpeg = directory.appendingPathComponent("x.jpg").path
        assertDatasetError(.unsupported, naming: jpeg) { try ImageFile.write(tensor, to: jpeg) }
    }

    func testPNGsWrittenByPillow() throws {
        let values: [Float] = [0, 51, 102, 153, 204, 255, 17, 34, 68, 85, 119, 136].map { $0 / 255 }
        let palette = try PNGFile.read(fixture("gray-as-palette-4x3.png"))
        XCTAssertEqual(palette.width, 4)
        XCTAssertEqual(palette.height, 3)
        for (a, b) in zip(palette.pixels, values) { XCTAssertEqual(a, b, accuracy: 1.01 / 255) }
        let rgb = try PNGFile.read(fixture("gray-as-rgb-4x3.png"))
        for (a, b) in zip(rgb.pixels, values) { XCTAssertEqual(a, b, accuracy: 1.01 / 255) }
        let (sixteen, depth) = try PNGFile.readWithDepth(fixture("gray16-pillow-4x3.png"))
        XCTAssertEqual(depth, .sixteen)
        XCTAssertEqual(sixteen.pixels, (0..<12).map { Float($0 * 5957) / 65535 })
    }

    func testAtomicWriteReplacesAndLeavesNoTempFiles() throws {
        let directory = try makeTemporaryDirectory(self)
        let path = directory.appendingPathComponent("image.png").path
        try PNGFile.write(GrayImage(width: 1, height: 1, pixels: [0]), to: path)
        try PNGFile.write(GrayImage(width: 2, height: 1, pixels: [1, 1]), to: path)
        XCTAssertEqual(try PNGFile.read(path).pixels, [1, 1])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.path), ["image.png"])
        let nowhere = directory.appendingPathComponent("no/such/dir/image.png").path
        assertDatasetError(.ioFailure, naming: nowhere) { try PNGFile.write(GrayImage(width: 1, height: 1, pixels: [0]), to: nowhere) }
    }

    func testCorruptPNGFiles() throws {
        let directory = try makeTemporaryDirectory(self)
        let good = directory.appendingPathComponent("good.png")
        let pixels = (0..<(64 * 64)).map { Float(($0 * 31) % 256) / 255 }
        try PNGFile.write(GrayImage(width: 64, height: 64, pixels: pixels), to: good.path)
        let bytes = [UInt8](try Data(contentsOf: good))

        let missing = directory.appendingPathComponent("missing.png").path
        assertDatasetError(.missingFile, naming: missing) { try PNGFile.read(missing) }

        let notPNG = directory.appendingPathComponent("not.png")
        try write(Array("P5\n1 1\n255\n\u{0}".utf8), to: notPNG)
        assertDatasetError(.badMagic, naming: notPNG.path) { try PNGFile.read(notPNG.path) }

        let truncated = directory.appendingPathComponent("truncated.png")
        try write(Array(bytes.prefix(bytes.count / 2)), to: truncated)
        assertDatasetError(.truncated, naming: truncated.path) { try PNGFile.read(truncated.path) }

        let headerOnly = directory.appendingPathComponent("header-only.png")
        try write(Array(bytes.prefix(20)), to: headerOnly)
        assertDatasetError(.truncated, naming: headerOnly.path) { try PNGFile.read(headerOnly.path) }

        var flipped = bytes
        flipped[bytes.count / 2] ^= 0x5A                       // inside IDAT: CRC or zlib error
        let corrupt = directory.appendingPathComponent("corrupt.png")
        try write(flipped, to: corrupt)
        assertDatasetError(.corrupt, naming: corrupt.path) { try PNGFile.read(corrupt.path) }
    }

    func testCorruptPGMFiles() throws {
        let directory = try makeTemporaryDirectory(self)
        func check(_ kind: DatasetError.Kind, _ name: String, _ bytes: [UInt8], line: UInt = #line) throws {
            let url = directory.appendingPathComponent(name)
            try write(bytes, to: url)
            assertDatasetError(kind, naming: url.path, { try PGMFile.read(url.path) }, message: name, line: line)
        }
        try check(.badMagic, "ascii.pgm", Array("P2\n1 1\n255\n0\n".utf8))
        try check(.truncated, "tiny.pgm", Array("P".utf8))
        try check(.truncated, "no-maxval.pgm", Array("P5\n3 2\n".utf8))
        try check(.corrupt, "letters.pgm", Array("P5\nx 2\n255\n".utf8))
        try check(.corrupt, "zero-size.pgm", Array("P5\n0 2\n255\n".utf8))
        try check(.corrupt, "big-maxval.pgm", Array("P5\n1 1\n70000\n".utf8) + [0, 0])
        try check(.truncated, "short-raster.pgm", Array("P5\n3 2\n255\n".utf8) + [1, 2, 3])
        try check(.truncated, "short-raster16.pgm", Array("P5\n2 1\n65535\n".utf8) + [1, 2, 3])
        try check(.corrupt, "long-raster.pgm", Array("P5\n1 1\n255\n".utf8) + [1, 2])
        try check(.corrupt, "above-maxval.pgm", Array("P5\n2 1\n100\n".utf8) + [50, 101])
    }
}
