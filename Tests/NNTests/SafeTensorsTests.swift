import Autodiff
import Foundation
import XCTest
@testable import NN

final class SafeTensorsTests: XCTestCase {
    func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("safetensors-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }

    /// A safetensors file from a header text and data bytes (header length prefix added).
    func rawFile(_ header: String, _ data: [UInt8]) -> Data {
        let headerBytes = Array(header.utf8)
        var bytes = withUnsafeBytes(of: UInt64(headerBytes.count).littleEndian) { Array($0) }
        bytes += headerBytes + data
        return Data(bytes)
    }

    func floatBytes(_ values: [Float]) -> [UInt8] { values.flatMap { withUnsafeBytes(of: $0.bitPattern.littleEndian) { Array($0) } } }

    func assertError(_ kind: SafeTensorsError.Kind, entry: String?, _ data: Data, line: UInt = #line) {
        do {
            _ = try SafeTensors.decode(data, file: "case.safetensors")
            XCTFail("expected \(kind)", line: line)
        } catch let error as SafeTensorsError {
            XCTAssertEqual(error.kind, kind, "\(error)", line: line)
            XCTAssertEqual(error.entry, entry, "\(error)", line: line)
            XCTAssertTrue(error.description.hasPrefix("case.safetensors: "), "\(error)", line: line)
            if let entry { XCTAssertTrue(error.description.contains("\"\(entry)\""), "\(error)", line: line) }
        } catch {
            XCTFail("unexpected error \(error)", line: line)
        }
    }

    func testRoundTripKeepsOrderValuesIntegersAndMetadata() throws {
        let weight = Tensor(shape: [2, 3, 1, 1], scalars: [0.5, -1.25, 3e-8, .pi, -0, 1e30])
        let dict = try StateDict([
            ("conv1.weight", weight),
            ("bn1.num_batches_tracked", Tensor(7)),
            ("bn1.running_mean", Tensor(shape: [3], scalars: [0.1, 0.2, 0.3])),
            ("empty", Tensor(shape: [0, 4], scalars: [])),
            ("ünïcode \"name\"", Tensor(shape: [1], scalars: [42])),
        ], integerNames: ["bn1.num_batches_tracked"], metadata: ["format": "pt", "round": "3"])
        let path = try temporaryDirectory().appendingPathComponent("model.safetensors").path
        try SafeTensors.write(dict, to: path)
        let back = try SafeTensors.read(path)
        XCTAssertEqual(back.names, dict.names)
        XCTAssertEqual(back.integerNames, ["bn1.num_batches_tracked"])
        XCTAssertEqual(back.metadata, ["format": "pt", "round": "3"])
        for (name, tensor) in dict.entries {
            XCTAssertEqual(back[name]?.shape, tensor.shape, name)
            XCTAssertEqual(back[name]?.scalars.map(\.bitPattern), tensor.scalars.map(\.bitPattern), name)
        }
        // Layout: 8-byte length, header padded to a multiple of 8, I64 data first (aligned).
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        let headerLength = Int(bytes[0..<8].enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) })
        XCTAssertEqual((8 + headerLength) % 8, 0)
        XCTAssertEqual(bytes.count, 8 + headerLength + 8 + 4 * (6 + 3 + 0 + 1))
        XCTAssertEqual(Array(bytes[(8 + headerLength)..<(16 + headerLength)]), [7, 0, 0, 0, 0, 0, 0, 0])
    }

    func testReadsTheReferenceLibrarysFile() throws {
        // Written by the Python `safetensors` package (numpy backend), tools/make_test_fixtures.py.
        let path = try XCTUnwrap(Bundle.module.path(forResource: "reference-numpy", ofType: "safetensors", inDirectory: "Fixtures"))
        let dict = try SafeTensors.read(path)
        XCTAssertEqual(dict.names, ["bn1.num_batches_tracked", "bn1.running_var", "conv1.weight", "empty", "ints", "half"])
        XCTAssertEqual(dict.metadata, ["format": "np", "note": "fixture"])
        XCTAssertEqual(dict.integerNames, ["bn1.num_batches_tracked", "ints"])
        XCTAssertEqual(dict["bn1.num_batches_tracked"]?.shape, [])
        XCTAssertEqual(dict["bn1.num_batches_tracked"]?.item, 7)
        XCTAssertEqual(dict["bn1.running_var"]?.scalars, [0.5, 1, 2])
        XCTAssertEqual(dict["conv1.weight"]?.shape, [2, 3, 2, 2])
        XCTAssertEqual(dict["conv1.weight"]?.scalars, (0..<24).map { (Float($0) - 11.5) / 4 })
        XCTAssertEqual(dict["empty"]?.shape, [0, 4])
        XCTAssertEqual(dict["ints"]?.scalars, [-3, 0, 2, Float(Int32.max)])
        XCTAssertEqual(dict["half"]?.scalars, [1, -2.5, 65504, 0x1p-14, 0x1p-24])
    }

    func testReadsBF16AndOtherIntegerTypes() throws {
        // bf16 0x3FC0 = 1.5, 0xC040 = -3; u8 200; bool [1, 0]; i16 -2.
        let header = #"{"b":{"dtype":"BF16","shape":[2],"data_offsets":[0,4]},"u":{"dtype":"U8","shape":[1],"data_offsets":[4,5]},"# +
            #""flags":{"dtype":"BOOL","shape":[2],"data_offsets":[5,7]},"s":{"dtype":"I16","shape":[],"data_offsets":[7,9]}}"#
        let dict = try SafeTensors.decode(rawFile(header, [0xC0, 0x3F, 0x40, 0xC0, 200, 1, 0, 0xFE, 0xFF]))
        XCTAssertEqual(dict["b"]?.scalars, [1.5, -3])
        XCTAssertEqual(dict["u"]?.scalars, [200])
        XCTAssertEqual(dict["flags"]?.scalars, [1, 0])
        XCTAssertEqual(dict["s"]?.item, -2)
        XCTAssertEqual(dict.integerNames, ["u", "flags", "s"])
        XCTAssertEqual(SafeTensorsDType.halfToFloat(0x7C00), .infinity)
        XCTAssertTrue(SafeTensorsDType.halfToFloat(0x7E00).isNaN)
        XCTAssertEqual(SafeTensorsDType.halfToFloat(0x8001), -0x1p-24)
    }

    func testEveryCorruptionGivesTheRightError() {
        let four = floatBytes([1, 2, 3, 4])
        let ok = #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[8,16]}}"#
        XCTAssertNoThrow(try SafeTensors.decode(rawFile(ok, four)))

        assertError(.badHeaderLength, entry: nil, Data([1, 0, 0]))
        assertError(.badHeaderLength, entry: nil, rawFile("", four))
        var beyond = [UInt8](rawFile(ok, four))
        beyond[0] = 0xFF; beyond[1] = 0xFF
        assertError(.headerBeyondFile, entry: nil, Data(beyond))
        assertError(.headerBeyondFile, entry: nil, Data([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7B]))
        assertError(.invalidJSON, entry: nil, rawFile(#"{"a":{"dtype":"F32","#, four))
        assertError(.invalidJSON, entry: nil, rawFile(#"{"a" 1}"#, []))
        assertError(.invalidJSON, entry: nil, rawFile("{} x", []))
        assertError(.invalidJSON, entry: nil, rawFile(String(repeating: "[", count: 100) + String(repeating: "]", count: 100), []))
        assertError(.invalidHeader, entry: nil, rawFile("[1, 2]", []))
        assertError(.invalidHeader, entry: "a", rawFile(#"{"a":{"dtype":"F32","shape":[2]}}"#, four))
        assertError(.invalidHeader, entry: "a", rawFile(#"{"a":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}}"#, four))
        assertError(.invalidHeader, entry: "a", rawFile(#"{"a":{"dtype":"F32","shape":[2.5],"data_offsets":[0,8]}}"#, four))
        assertError(.invalidHeader, entry: "a", rawFile(#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0]}}"#, four))
        assertError(.invalidHeader, entry: "__metadata__", rawFile(#"{"__metadata__":{"k":1}}"#, []))
        assertError(.unknownDType, entry: "a", rawFile(#"{"a":{"dtype":"F33","shape":[2],"data_offsets":[0,8]}}"#, Array(four.prefix(8))))
        assertError(.unknownDType, entry: "a", rawFile(#"{"a":{"dtype":"F8_E4M3","shape":[2],"data_offsets":[0,2]}}"#, [0, 0]))
        assertError(.offsetsOutOfRange, entry: "b", rawFile(#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[4],"data_offsets":[8,24]}}"#, four))
        assertError(.offsetsOutOfRange, entry: "a", rawFile(#"{"a":{"dtype":"F32","shape":[0],"data_offsets":[8,0]}}"#, four))
        assertError(.overlappingOffsets, entry: "b", rawFile(#"{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,12]},"b":{"dtype":"F32","shape":[2],"data_offsets":[8,16]}}"#, four))
        assertError(.sizeMismatch, entry: "a", rawFile(#"{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[8,16]}}"#, four))
        assertError(.sizeMismatch, entry: "a", rawFile(#"{"a":{"dtype":"I64","shape":[],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[3],"data_offsets":[4,16]}}"#, four))
        assertError(.uncoveredData, entry: "b", rawFile(#"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[2],"data_offsets":[8,16]}}"#, four))
        assertError(.uncoveredData, entry: nil, rawFile(#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#, four))
        assertError(.duplicateName, entry: "a", rawFile(#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"a":{"dtype":"F32","shape":[2],"data_offsets":[8,16]}}"#, four))
    }

    func testWriteErrorsAndAtomicity() throws {
        let directory = try temporaryDirectory()
        let path = directory.appendingPathComponent("state.safetensors").path
        let good = try StateDict([("w", Tensor(shape: [2], scalars: [1, 2]))])
        try SafeTensors.write(good, to: path)
        // A non-integer value in an integer entry fails before anything is written.
        var bad = good
        try bad.set("steps", Tensor(2.5), isInteger: true)
        XCTAssertThrowsError(try SafeTensors.write(bad, to: path)) { error in
            XCTAssertEqual((error as? SafeTensorsError)?.kind, .invalidValue)
            XCTAssertEqual((error as? SafeTensorsError)?.entry, "steps")
        }
        XCTAssertEqual(try SafeTensors.read(path).names, ["w"], "the previous file is intact")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.path), ["state.safetensors"])
        XCTAssertThrowsError(try SafeTensors.write(good, to: directory.appendingPathComponent("missing/x.safetensors").path)) { error in
            XCTAssertEqual((error as? SafeTensorsError)?.kind, .ioFailure)
        }
        XCTAssertThrowsError(try SafeTensors.read(directory.appendingPathComponent("absent.safetensors").path)) { error in
            XCTAssertEqual((error as? SafeTensorsError)?.kind, .missingFile)
        }
        XCTAssertThrowsError(try StateDict([("a", Tensor(1)), ("a", Tensor(2))])) { error in
            XCTAssertEqual((error as? SafeTensorsError)?.kind, .duplicateName)
        }
        XCTAssertThrowsError(try StateDict([("__metadata__", Tensor(1))]))
    }

    func testStateDictEditing() throws {
        var dict = try StateDict([("a", Tensor(1)), ("b", Tensor(2))], integerNames: ["b"])
        try dict.set("a", Tensor(5))
        try dict.set("c", Tensor(3), isInteger: true)
        XCTAssertEqual(dict.names, ["a", "b", "c"])
        XCTAssertEqual(dict["a"]?.item, 5)
        XCTAssertTrue(dict.isInteger("b"))
        dict.remove("b")
        XCTAssertEqual(dict.names, ["a", "c"])
        XCTAssertEqual(dict.integerNames, ["c"])
        XCTAssertEqual(dict.count, 2)
    }
}

final class SafeTensorsModelStateTests: XCTestCase {
    func testModelStateRoundTripStoresBatchCounterAsI64() throws {
        let state = ModelState(names: ["conv1.weight", "bn1.running_var", "bn1.num_batches_tracked"], tensors: [
            "conv1.weight": Tensor(shape: [1, 1, 1, 2], scalars: [0.25, -4]),
            "bn1.running_var": Tensor(shape: [1], scalars: [1.5]),
            "bn1.num_batches_tracked": Tensor(3),
        ])
        let dict = try StateDict(state)
        XCTAssertEqual(dict.integerNames, ["bn1.num_batches_tracked"])
        let bytes = try SafeTensors.encode(dict)
        XCTAssertTrue(String(decoding: bytes, as: UTF8.self).contains(#""bn1.num_batches_tracked":{"dtype":"I64","shape":[]"#))
        let back = try SafeTensors.decode(bytes).modelState
        XCTAssertEqual(back.names, state.names)
        for name in state.names { XCTAssertEqual(back[name].scalars, state[name].scalars, name) }
    }
}
