import Autodiff
import Foundation
import XCTest
@testable import Datasets

final class ImageProcessingTests: XCTestCase {
    func testAreaDownscaleAveragesBlocks() throws {
        let image = Tensor(shape: [1, 1, 2, 4], scalars: [0, 1, 2, 3, 4, 5, 6, 7])
        let down = try ImageResampler.resize(image, height: 1, width: 2)
        XCTAssertEqual(down.shape, [1, 1, 1, 2])
        XCTAssertEqual(down.scalars, [2.5, 4.5])
        // Non-integer factor 3 → 2: output 0 covers input [0, 1.5): (1·a + 0.5·b) / 1.5.
        let row = Tensor(shape: [1, 3], scalars: [3, 6, 9])
        let resized = try ImageResampler.resize(row, height: 1, width: 2, filter: .area)
        XCTAssertEqual(resized.scalars[0], (3 + 0.5 * 6) / 1.5, accuracy: 1e-6)
        XCTAssertEqual(resized.scalars[1], (0.5 * 6 + 9) / 1.5, accuracy: 1e-6)
    }

    func testBilinearUpscaleAndConstantsPreserved() throws {
        let row = Tensor(shape: [1, 2], scalars: [0, 1])
        let up = try ImageResampler.resize(row, height: 1, width: 4)
        // Half-pixel centres: sources at -0.25, 0.25, 0.75, 1.25 → clamped.
        XCTAssertEqual(up.scalars, [0, 0.25, 0.75, 1])
        let constant = Tensor(repeating: 0.37, shape: [2, 1, 9, 13])
        for (h, w) in [(4, 5), (20, 7), (9, 13), (1, 1)] {
            let out = try ImageResampler.resize(constant, height: h, width: w)
            XCTAssertEqual(out.shape, [2, 1, h, w])
            for v in out.scalars { XCTAssertEqual(v, 0.37, accuracy: 1e-6) }
        }
        assertDatasetError(.invalidArgument, naming: nil) { try ImageResampler.resize(constant, height: 0, width: 3) }
    }

    func testGaussianBlurPreservesConstantsAndMeanAndSmooths() throws {
        let constant = Tensor(repeating: 0.6, shape: [1, 1, 8, 8])
        for v in try GaussianBlur.apply(constant, sigma: 2).scalars { XCTAssertEqual(v, 0.6, accuracy: 1e-6) }
        var impulse = [Float](repeating: 0, count: 81)
        impulse[40] = 1
        let blurred = try GaussianBlur.apply(Tensor(shape: [9, 9], scalars: impulse), sigma: 1).scalars
        XCTAssertEqual(blurred.reduce(0, +), 1, accuracy: 1e-5)       // mass kept (the impulse is far from the border)
        XCTAssertLessThan(blurred[40], 0.2)
        XCTAssertEqual(blurred[39], blurred[41], accuracy: 1e-7)
        XCTAssertEqual(blurred[31], blurred[49], accuracy: 1e-7)
        // A 1-D Gaussian of σ = 1 has g(1)/g(0) = exp(-1/2).
        XCTAssertEqual(blurred[41] / blurred[40], exp(-0.5), accuracy: 1e-4)
        XCTAssertEqual(GaussianBlur.mirror(-1, 5), 1)
        XCTAssertEqual(GaussianBlur.mirror(5, 5), 3)
        XCTAssertEqual(GaussianBlur.mirror(-9, 5), 1)
    }

    func testPriorImages() throws {
        let images = Tensor(shape: [2, 1, 2, 2], scalars: [0, 0.2, 0.4, 0.6, 1, 0.8, 0.6, 0.4])
        let mean = try PriorImage.mean(of: images, blurSigma: 0)
        XCTAssertEqual(mean.shape, [1, 1, 2, 2])
        for (a, b) in zip(mean.scalars, [0.5, 0.5, 0.5, 0.5] as [Float]) { XCTAssertEqual(a, b, accuracy: 1e-6) }
        let test = try FashionMNIST.load(.test, limit: 200)
        let sharp = try PriorImage.mean(of: test.images, blurSigma: 0).scalars
        let smooth = try PriorImage.mean(of: test.images, blurSigma: 1.5).scalars
        func roughness(_ p: [Float]) -> Float {
            var total: Float = 0
            for y in 0..<32 { for x in 0..<31 { total += abs(p[y * 32 + x + 1] - p[y * 32 + x]) } }
            return total
        }
        XCTAssertLessThan(roughness(smooth), 0.9 * roughness(sharp))
        let expected = try GaussianBlur.apply(try PriorImage.mean(of: test.images, blurSigma: 0), sigma: 1.5).scalars
        XCTAssertEqual(smooth, expected)
        XCTAssertEqual(smooth.reduce(0, +), sharp.reduce(0, +), accuracy: 0.05 * sharp.reduce(0, +))
        let gray = try PriorImage.constant(gray: 0.5, height: 4, width: 6)
        XCTAssertEqual(gray.shape, [1, 1, 4, 6])
        XCTAssertEqual(Set(gray.scalars), [0.5])
        assertDatasetError(.invalidArgument, naming: nil) { try PriorImage.mean(of: Tensor(shape: [2, 2], scalars: [0, 0, 0, 0]), blurSigma: 1) }
    }

    func testRadiographHasTheExpectedSizeAndABrightBurnedInLabel() throws {
        let native = try Radiograph.load(size: 256)
        XCTAssertEqual(native.shape, [1, 1, 256, 256])
        let pixels = native.scalars
        let box = Radiograph.nativeLabelBox
        var white = 0, black = 0
        for y in box.rows { for x in box.columns {
            let v = pixels[y * 256 + x]
            if v == 1 { white += 1 } else if v == 0 { black += 1 }
        } }
        let area = box.rows.count * box.columns.count
        XCTAssertEqual(white + black, area, "the label box holds only white letters on black")
        XCTAssertGreaterThan(Double(white) / Double(area), 0.25)
        // The chest itself is a real image: mid-gray on average with plenty of contrast.
        let body = (100..<256).flatMap { y in (0..<256).map { pixels[y * 256 + $0] } }
        let mean = body.reduce(0, +) / Float(body.count)
        XCTAssertTrue((0.3...0.85).contains(mean), "mean \(mean)")
        XCTAssertGreaterThan(Set(body.map { Int($0 * 255) }).count, 150)

        let small = try Radiograph.load(size: 64)
        XCTAssertEqual(small.shape, [1, 1, 64, 64])
        let (rows, columns) = Radiograph.labelBox(size: 64)
        XCTAssertEqual(rows, 0..<17)
        XCTAssertEqual(columns, 0..<53)
        let s = small.scalars
        let corner = rows.flatMap { y in columns.map { s[y * 64 + $0] } }
        // Font pixels are 4×4 blocks aligned to the 64×64 grid, so letters stay pure white.
        XCTAssertGreaterThan(corner.filter { $0 > 0.99 }.count, corner.count / 4)
        XCTAssertGreaterThan(corner.filter { $0 < 0.01 }.count, corner.count / 3)
        XCTAssertEqual(s.min()!, 0)
        XCTAssertLessThanOrEqual(s.max()!, 1)
        assertDatasetError(.invalidArgument, naming: nil) { try Radiograph.load(size: 0) }
    }
}
