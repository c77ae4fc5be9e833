import Autodiff
import Foundation
import XCTest
@testable import Datasets

final class FashionMNISTTests: XCTestCase {
    /// The real test split, loaded once for the tests below.
    nonisolated(unsafe) static var cachedTest: LabeledImages?

    static func testSplit() throws -> LabeledImages {
        if let cachedTest { return cachedTest }
        let loaded = try FashionMNIST.load(.test)
        cachedTest = loaded
        return loaded
    }

    func testRealTestSplitShapeRangeAndClassBalance() throws {
        let test = try Self.testSplit()
        XCTAssertEqual(test.images.shape, [10_000, 1, 32, 32])
        XCTAssertEqual(test.count, 10_000)
        XCTAssertEqual(test.classCounts, [Int](repeating: 1000, count: 10))
        XCTAssertEqual(Array(test.labels.prefix(10)), [9, 2, 1, 1, 6, 1, 4, 6, 5, 7])   // from Python's gzip + numpy
        XCTAssertEqual(test.classNames[9], "Ankle boot")
        let scalars = test.images.scalars
        XCTAssertEqual(scalars.min(), 0)
        XCTAssertEqual(scalars.max(), 1)
        // Mean over the 28×28 content is 0.286849 (numpy); the 2-px zero border scales it by 784/1024.
        let mean = scalars.reduce(0.0) { $0 + Double($1) } / Double(scalars.count)
        XCTAssertEqual(mean, 0.2868492807 * 784 / 1024, accuracy: 1e-7)
        // Image 0: sum of pixels / 255 = 131.2, pixel (14, 14) = 110 → at (16, 16) after padding.
        let first = Array(scalars[0..<1024])
        XCTAssertEqual(first.reduce(0, +), 131.2, accuracy: 1e-3)
        XCTAssertEqual(first[16 * 32 + 16], 110 / 255, accuracy: 1e-7)
        // The border is zero padding.
        for i in 0..<32 {
            for j in [0, 1, 30, 31] { XCTAssertEqual(first[i * 32 + j], 0); XCTAssertEqual(first[j * 32 + i], 0) }
        }
    }

    func testLimitLoadsTheFirstImagesOfTheTrainSplitQuickly() throws {
        let start = Date()
        let train = try FashionMNIST.load(.train, limit: 10)
        let elapsed = Date().timeIntervalSince(start)
        XCTAssertEqual(train.images.shape, [10, 1, 32, 32])
        XCTAssertEqual(train.labels, [9, 0, 0, 3, 0, 2, 7, 2, 5, 5])
        XCTAssertEqual(Array(train.images.scalars[0..<1024]).reduce(0, +), 299.00784, accuracy: 1e-3)
        XCTAssertLessThan(elapsed, 0.2, "a 10-image load must not decompress the whole file")
    }

    func testFullTrainSplitLoadsFast() throws {
        let start = Date()
        let train = try FashionMNIST.load(.train)
        let elapsed = Date().timeIntervalSince(start)
        XCTAssertEqual(train.count, 60_000)
        XCTAssertEqual(train.classCounts, [Int](repeating: 6000, count: 10))
        let last = train.images.withUnsafeBufferPointer { Array($0[(59_999 * 1024)...]) }
        XCTAssertEqual(last.reduce(0, +), 65.427451, accuracy: 1e-3)
        print("Fashion-MNIST train split (60,000 images) loaded in \(String(format: "%.3f", elapsed)) s")
        // About 0.4 s of CPU in release (0.2 s of it zlib); the bound leaves room for a busy machine.
        XCTAssertLessThan(elapsed, 2.0)
    }

    func testResizedLoadMatchesResizingThePaddedCanvas() throws {
        let padded = try FashionMNIST.load(.test, limit: 3)
        let small = try FashionMNIST.load(.test, size: 16, limit: 3)
        XCTAssertEqual(small.images.shape, [3, 1, 16, 16])
        // 32 → 16 with the area filter is the mean of each 2×2 block.
        let p = padded.images.scalars, s = small.images.scalars
        for (y, x) in [(8, 8), (5, 11), (15, 15)] {
            let expected = (p[(2 * y) * 32 + 2 * x] + p[(2 * y) * 32 + 2 * x + 1] + p[(2 * y + 1) * 32 + 2 * x] + p[(2 * y + 1) * 32 + 2 * x + 1]) / 4
            XCTAssertEqual(s[y * 16 + x], expected, accuracy: 1e-6)
        }
        let native = try FashionMNIST.load(.test, size: 28, padding: 0, limit: 1)
        XCTAssertEqual(native.images.shape, [1, 1, 28, 28])
        XCTAssertEqual(native.images.scalars[14 * 28 + 14], 110 / 255, accuracy: 1e-7)
    }

    func testTinyDirectoryAndItsErrors() throws {
        let directory = try makeTemporaryDirectory(self)
        let tiny = URL(fileURLWithPath: fixture("tiny-fmnist"))
        let images = directory.appendingPathComponent("train-images-idx3-ubyte.gz")
        let labels = directory.appendingPathComponent("train-labels-idx1-ubyte.gz")
        try FileManager.default.copyItem(at: tiny.appendingPathComponent("train-images-idx3-ubyte.gz"), to: images)

        // Missing labels: the error names the file and says how to get it.
        do {
            _ = try FashionMNIST.load(.train, directory: directory.path)
            XCTFail("expected a missing-file error")
        } catch let error as DatasetError {
            XCTAssertEqual(error.kind, .missingFile)
            XCTAssertEqual(error.file, labels.path)
            XCTAssertTrue(error.description.contains("make deps"), "\(error)")
        }

        try FileManager.default.copyItem(at: tiny.appendingPathComponent("train-labels-idx1-ubyte.gz"), to: labels)
        let loaded = try FashionMNIST.load(.train, directory: directory.path)
        XCTAssertEqual(loaded.labels, [3, 0, 9])
        XCTAssertEqual(loaded.images.shape, [3, 1, 32, 32])
        // Pixel (k, y, x) = (37k + 5y + 3x) mod 256, shifted by the 2-px padding.
        let s = loaded.images.scalars
        XCTAssertEqual(s[2 * 1024 + (2 + 27) * 32 + (2 + 4)], Float((37 * 2 + 5 * 27 + 3 * 4) % 256) / 255, accuracy: 1e-7)
        XCTAssertEqual(s[1024 + 1 * 32 + 5], 0)

        // Mismatched counts: 2 labels for 3 images.
        try write(gzipCompress(idxBytes(dimensions: [2], data: [1, 2])), to: labels)
        assertDatasetError(.mismatch, naming: labels.path) { try FashionMNIST.load(.train, directory: directory.path) }

        // A label that is not a class.
        try write(gzipCompress(idxBytes(dimensions: [3], data: [1, 2, 10])), to: labels)
        assertDatasetError(.corrupt, naming: labels.path) { try FashionMNIST.load(.train, directory: directory.path) }

        // Images that are not 28×28.
        try write(gzipCompress(idxBytes(dimensions: [3], data: [1, 2, 3])), to: labels)
        try write(gzipCompress(idxBytes(dimensions: [3, 2, 2], data: Array(repeating: 0, count: 12))), to: images)
        assertDatasetError(.mismatch, naming: images.path) { try FashionMNIST.load(.train, directory: directory.path) }
    }
}
