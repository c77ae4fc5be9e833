import FileSupport
import Foundation
import Kernels
import NN
import XCTest
@testable import Datasets

/// Mutation fuzzing of every file reader (IDX + gzip, PNG, PGM, safetensors): truncations, flipped
/// bytes, overwritten runs, huge declared sizes and header edits of valid seed files. Every input
/// must either parse or throw an error that names the file — never crash or hang. The tests run
/// `FUZZ_ITERATIONS` mutations per reader (default 300 to keep `make test` fast; `make fuzz` runs
/// 10,000 per reader).
final class ReaderFuzzTests: XCTestCase {
    static var iterations: Int { ProcessInfo.processInfo.environment["FUZZ_ITERATIONS"].flatMap(Int.init) ?? 300 }

    /// One mutation of `seed`, chosen by `generator`.
    static func mutate(_ seed: [UInt8], _ generator: inout RandomGenerator) -> [UInt8] {
        var bytes = seed
        func index() -> Int { Int(generator.next() % UInt64(max(bytes.count, 1))) }
        switch generator.next() % 7 {
        case 0: bytes = Array(bytes.prefix(index()))                                  // truncate
        case 1: for _ in 0..<(1 + Int(generator.next() % 4)) where !bytes.isEmpty {   // flip bits
            bytes[index()] ^= UInt8(1 << (generator.next() % 8)) }
        case 2: if !bytes.isEmpty { let i = index(); for k in i..<min(bytes.count, i + 8) { bytes[k] = 0xFF } } // huge values
        case 3: if !bytes.isEmpty { let i = index(); for k in i..<min(bytes.count, i + 8) { bytes[k] = UInt8(truncatingIfNeeded: generator.next()) } }
        case 4: bytes += (0..<Int(generator.next() % 64)).map { _ in UInt8(truncatingIfNeeded: generator.next()) } // trailing junk
        case 5: if bytes.count > 16 { let i = index(); bytes.removeSubrange(i..<min(bytes.count, i + 16)) } // delete a run
        default: if !bytes.isEmpty { bytes[min(index(), 24)] = UInt8(truncatingIfNeeded: generator.next()) } // header byte
        }
        return bytes
    }

    /// Runs `read` on mutations of `seed` written to a file; counts accepted and rejected inputs and
    /// checks every rejection names the file.
    func fuzz(_ name: String, seed: [UInt8], read: (String) throws -> Void) throws {
        let directory = try makeTemporaryDirectory(self)
        var generator = RandomGenerator(seed: UInt64(name.utf8.reduce(0) { $0 &* 31 &+ UInt64($1) }))
        var rejected = 0
        let started = Date()
        for i in 0..<Self.iterations {
            let url = directory.appendingPathComponent("\(name)-\(i % 16).\(name)")
            try write(Self.mutate(seed, &generator), to: url)
            do { try read(url.path) } catch {
                rejected += 1
                XCTAssertTrue("\(error)".contains(url.lastPathComponent), "\(name): error does not name the file: \(error)")
            }
        }
        let seconds = Date().timeIntervalSince(started)
        XCTAssertLessThan(seconds / Double(Self.iterations), 0.05, "\(name): a mutated input took too long on average")
        XCTAssertGreaterThan(rejected, Self.iterations / 10, "\(name): the mutations should mostly be rejected")
        print("fuzz \(name): \(Self.iterations) inputs, \(rejected) rejected, \(String(format: "%.1f", seconds)) s")
    }

    func testIDXReaderSurvivesMutations() throws {
        let seed = gzipCompress(idxBytes(dimensions: [3, 4, 4], data: (0..<48).map { UInt8($0) }))
        try fuzz("gz", seed: seed) { _ = try IDXFile.read(path: $0) }
        try fuzz("idx", seed: idxBytes(dimensions: [3, 4, 4], data: (0..<48).map { UInt8($0) })) { _ = try IDXFile.read(path: $0) }
    }

    func testPNGReaderSurvivesMutations() throws {
        let image = GrayImage(width: 9, height: 7, pixels: (0..<63).map { Float($0) / 63 })
        try fuzz("png", seed: Array(try PNGFile.encode(image))) { _ = try PNGFile.read($0) }
    }

    func testPGMReaderSurvivesMutations() throws {
        let image = GrayImage(width: 9, height: 7, pixels: (0..<63).map { Float($0) / 63 })
        try fuzz("pgm", seed: Array(try PGMFile.encode(image, bitDepth: .sixteen))) { _ = try PGMFile.read($0) }
    }

    func testSafeTensorsReaderSurvivesMutations() throws {
        let model = ResNet.mini(width: 1, imageSize: 8)
        let data = try SafeTensors.encode(try StateDict(model.initialState(seed: 1)))
        try fuzz("safetensors", seed: Array(data)) { _ = try SafeTensors.read($0) }
    }
}
