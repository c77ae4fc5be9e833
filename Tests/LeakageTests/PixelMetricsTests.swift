import Autodiff
import XCTest
@testable import Leakage

final class PixelMetricsTests: XCTestCase {
    func testMSEAndPSNRByHand() throws {
        let a: [Float] = [0, 0, 0, 0], b: [Float] = [1, 1, 1, 3]
        XCTAssertEqual(try PixelMetrics.meanSquaredError(a, b, shape: [2, 2]), 3)          // (1+1+1+9)/4
        XCTAssertEqual(try PixelMetrics.peakSignalToNoiseRatio(a, b, shape: [2, 2], dataRange: 6), 10 * log10(12), accuracy: 1e-12)
        XCTAssertEqual(try PixelMetrics.peakSignalToNoiseRatio(a, a, shape: [2, 2], dataRange: 1), .infinity)
        let ta = Tensor(shape: [1, 1, 2, 2], scalars: a), tb = Tensor(shape: [1, 1, 2, 2], scalars: b)
        XCTAssertEqual(try PixelMetrics.meanSquaredError(ta, tb), 3)
    }

    func testBadInput() {
        assertThrows(try PixelMetrics.meanSquaredError([0, 1], [0, 1, 2], shape: [1, 2]), contains: ["meanSquaredError", "[1, 2]", "3"])
        assertThrows(try PixelMetrics.meanSquaredError(Tensor.zeros([2, 3]), Tensor.zeros([3, 2])),
                     contains: ["meanSquaredError", "[1, 2, 3]", "[1, 3, 2]"])
        assertThrows(try PixelMetrics.peakSignalToNoiseRatio([0], [1], shape: [1, 1], dataRange: -1),
                     contains: ["peakSignalToNoiseRatio", "dataRange"])
        assertThrows(try PixelMetrics.meanSquaredError([.infinity], [1], shape: [1, 1]), contains: ["non-finite"])
    }

    func testMinMaxRescale() throws {
        let image = try ImagePlanes(pixels: [-0.5, 0, 0.5, 1.5, 0.25, 0.75], shape: [2, 1, 3])
        let scaled = image.minMaxRescaled()
        XCTAssertEqual(scaled.pixels.min(), 0)
        XCTAssertEqual(scaled.pixels.max(), 255)
        XCTAssertEqual(scaled.pixels[1], 255 * 0.25, accuracy: 1e-4)
        XCTAssertEqual(scaled.shape, image.shape)
        let constant = try ImagePlanes(pixels: [3, 3, 3, 3], shape: [2, 2])
        XCTAssertEqual(constant.minMaxRescaled().pixels, [0, 0, 0, 0], "MONAI: constant → minv")
        XCTAssertEqual(constant.minMaxRescaled(to: -1...1).pixels, [-1, -1, -1, -1])
        XCTAssertEqual(try ImagePlanes(pixels: [0, 0.5, 1], shape: [1, 3]).scaledTo255IfUnitRange().pixels, [0, 127.5, 255])
        XCTAssertEqual(try ImagePlanes(pixels: [0, 2], shape: [1, 2]).scaledTo255IfUnitRange().pixels, [0, 2])
    }

    func testBatchSplit() throws {
        let batch = Tensor(shape: [2, 1, 2, 2], scalars: [1, 2, 3, 4, 5, 6, 7, 8])
        let images = try ImagePlanes.batch(batch)
        XCTAssertEqual(images.map(\.pixels), [[1, 2, 3, 4], [5, 6, 7, 8]])
        XCTAssertEqual(images[1].shape, [1, 2, 2])
        assertThrows(try ImagePlanes.batch(Tensor.zeros([2, 2])), contains: ["ImagePlanes.batch", "[2, 2]"])
    }
}
