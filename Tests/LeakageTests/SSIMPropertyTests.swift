import Autodiff
import XCTest
@testable import Leakage

final class SSIMPropertyTests: XCTestCase {
    func testIdenticalImagesGiveOne() throws {
        for (k, shape) in [[7, 7], [32, 32], [3, 20, 13]].enumerated() {
            let x = TestImages.random(shape, seed: UInt64(k), scale: 255)
            XCTAssertEqual(try StructuralSimilarity.ssim(x, x, dataRange: 256), 1, accuracy: 1e-12)
        }
    }

    func testSymmetricAndBounded() throws {
        let a = TestImages.random([2, 24, 24], seed: 1), b = TestImages.random([2, 24, 24], seed: 2)
        let ab = try StructuralSimilarity.ssim(a, b, dataRange: 1)
        XCTAssertEqual(ab, try StructuralSimilarity.ssim(b, a, dataRange: 1), accuracy: 1e-12)
        XCTAssertLessThan(ab, 0.2)
        XCTAssertGreaterThan(ab, -1)
    }

    func testNoiseLowersSSIMMonotonically() throws {
        let x = TestImages.random([32, 32], seed: 3)
        var previous = 1.0
        for (k, sigma) in [Float(0.02), 0.1, 0.3, 1].enumerated() {
            let value = try StructuralSimilarity.ssim(x, TestImages.noisy(x, sigma: sigma, seed: UInt64(k)), dataRange: 1)
            XCTAssertLessThan(value, previous, "sigma \(sigma)")
            previous = value
        }
    }

    func testMultichannelIsMeanOfPlanes() throws {
        let a = TestImages.random([3, 16, 16], seed: 4), b = TestImages.noisy(a, sigma: 0.2, seed: 5)
        let planes = try StructuralSimilarity.perChannel(a, b, dataRange: 1)
        XCTAssertEqual(planes.count, 3)
        for c in 0..<3 {
            let range = (c * 256)..<((c + 1) * 256)
            let single = try StructuralSimilarity.ssim(Array(a.pixels[range]), Array(b.pixels[range]), shape: [16, 16], dataRange: 1)
            XCTAssertEqual(planes[c], single, accuracy: 1e-12)
        }
        XCTAssertEqual(try StructuralSimilarity.ssim(a, b, dataRange: 1), planes.reduce(0, +) / 3, accuracy: 1e-12)
    }

    func testTensorLayoutsAgree() throws {
        let a = TestImages.random([1, 12, 10], seed: 6), b = TestImages.noisy(a, sigma: 0.1, seed: 7)
        let reference = try StructuralSimilarity.ssim(a, b, dataRange: 1)
        for shape in [[12, 10], [1, 12, 10], [1, 1, 12, 10]] {
            let ta = Tensor(shape: shape, scalars: a.pixels), tb = Tensor(shape: shape, scalars: b.pixels)
            XCTAssertEqual(try StructuralSimilarity.ssim(ta, tb, dataRange: 1), reference, accuracy: 1e-15, "\(shape)")
        }
    }

    func testMatrixEqualsPairwise() throws {
        let rows = (0..<3).map { TestImages.random([2, 10, 11], seed: UInt64(30 + $0)) }
        let columns = (0..<4).map { TestImages.noisy(rows[$0 % 3], sigma: 0.1 * Float($0), seed: UInt64(40 + $0)) }
        let matrix = try StructuralSimilarity.matrix(rows: rows, columns: columns, dataRange: 1)
        for i in 0..<3 {
            for j in 0..<4 {
                XCTAssertEqual(matrix[i][j], try StructuralSimilarity.ssim(rows[i], columns[j], dataRange: 1), accuracy: 1e-15)
            }
        }
    }

    func testDataRangeMatters() throws {
        let a = TestImages.random([16, 16], seed: 8, scale: 255), b = TestImages.noisy(a, sigma: 25, seed: 9)
        let narrow = try StructuralSimilarity.ssim(a, b, dataRange: 1)
        let wide = try StructuralSimilarity.ssim(a, b, dataRange: 256)
        XCTAssertGreaterThan(wide, narrow, "larger C1, C2 damp the noise")
    }

    func testBadInputThrowsNamingFunctionAndShapes() {
        let a = TestImages.random([16, 16], seed: 1)
        assertThrows(try StructuralSimilarity.ssim(a, TestImages.random([16, 15], seed: 2), dataRange: 1),
                     contains: ["ssim", "[1, 16, 16]", "[1, 16, 15]"])
        let small = TestImages.random([6, 9], seed: 3)
        assertThrows(try StructuralSimilarity.ssim(small, small, dataRange: 1), contains: ["ssim", "[1, 6, 9]", "7×7"])
        assertThrows(try StructuralSimilarity.ssim(a, a, dataRange: 0), contains: ["ssim", "dataRange"])
        assertThrows(try StructuralSimilarity.ssim(a, a, dataRange: .nan), contains: ["dataRange"])
        assertThrows(try StructuralSimilarity.ssim(a, a, dataRange: 1, configuration: SSIMConfiguration(windowSize: 6)),
                     contains: ["windowSize"])
        var pixels = a.pixels
        pixels[17] = .nan
        assertThrows(try StructuralSimilarity.ssim(pixels, a.pixels, shape: [16, 16], dataRange: 1),
                     contains: ["ssim", "non-finite", "17"])
        assertThrows(try StructuralSimilarity.ssim(a.pixels, a.pixels, shape: [16, 17], dataRange: 1),
                     contains: ["ssim", "[16, 17]", "272", "256"])
        assertThrows(try StructuralSimilarity.ssim(Tensor.zeros([2, 1, 8, 8]), Tensor.zeros([2, 1, 8, 8]), dataRange: 1),
                     contains: ["ssim", "[2, 1, 8, 8]"])
        assertThrows(try StructuralSimilarity.matrix(rows: [a], columns: [TestImages.random([16, 17], seed: 4)], dataRange: 1),
                     contains: ["ssimMatrix", "[1, 16, 17]"])
    }
}

/// Asserts that `expression` throws a `LeakageError` whose description contains every fragment.
func assertThrows<T>(_ expression: @autoclosure () throws -> T, contains fragments: [String],
                     file: StaticString = #filePath, line: UInt = #line) {
    do {
        _ = try expression()
        XCTFail("expected a LeakageError containing \(fragments)", file: file, line: line)
    } catch let error as LeakageError {
        for fragment in fragments where !error.description.contains(fragment) {
            XCTFail("error '\(error)' does not mention '\(fragment)'", file: file, line: line)
        }
    } catch {
        XCTFail("unexpected error \(error)", file: file, line: line)
    }
}
