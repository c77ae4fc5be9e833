import Foundation
import XCTest
@testable import Leakage

/// SSIM, MSE and PSNR against scikit-image 0.26 (fixture written by tools/ssim_reference.py).
final class SSIMReferenceTests: XCTestCase {
    struct Fixture: Decodable {
        struct Case: Decodable {
            let name: String
            let shape: [Int]
            let a: [Float]
            let b: [Float]
            let data_range: Double
            let rescale_b: Bool
            let ssim: Double
            let mse: Double
            let psnr: Double?
        }
        let scikit_image_version: String
        let cases: [Case]
    }

    func loadFixture() throws -> Fixture {
        let url = try XCTUnwrap(Bundle.module.url(forResource: "ssim_reference", withExtension: "json", subdirectory: "Fixtures"),
                                "Fixtures/ssim_reference.json missing from the test bundle")
        return try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
    }

    func testMatchesScikitImage() throws {
        let fixture = try loadFixture()
        XCTAssertGreaterThanOrEqual(fixture.cases.count, 10)
        for c in fixture.cases {
            let a = try ImagePlanes(pixels: c.a, shape: c.shape)
            var b = try ImagePlanes(pixels: c.b, shape: c.shape)
            if c.rescale_b { b = b.minMaxRescaled() }
            let ssim = try StructuralSimilarity.ssim(a, b, dataRange: c.data_range)
            XCTAssertEqual(ssim, c.ssim, accuracy: 1e-4, "SSIM \(c.name)")
            let mse = try PixelMetrics.meanSquaredError(a, b)
            XCTAssertEqual(mse, c.mse, accuracy: 1e-4 * max(1, abs(c.mse)), "MSE \(c.name)")
            let psnr = try PixelMetrics.peakSignalToNoiseRatio(a, b, dataRange: c.data_range)
            if let expected = c.psnr {
                XCTAssertEqual(psnr, expected, accuracy: 1e-4, "PSNR \(c.name)")
            } else {
                XCTAssertEqual(psnr, .infinity, "PSNR \(c.name) (identical images)")
            }
        }
    }

    /// The fixture covers what the brief asks for (so a regenerated fixture cannot silently drop it).
    func testFixtureCoverage() throws {
        let cases = try loadFixture().cases
        XCTAssertTrue(cases.contains { $0.shape == [32, 32] })
        XCTAssertTrue(cases.contains { $0.shape == [64, 64] && $0.data_range == 256 })
        XCTAssertTrue(cases.contains { $0.shape == [7, 9] })
        XCTAssertTrue(cases.contains { $0.data_range == 1 && ($0.a.max() ?? 0) > 100 })
        XCTAssertTrue(cases.contains { Set($0.a).count == 1 && Set($0.b).count == 1 })
        XCTAssertTrue(cases.contains { $0.rescale_b })
        XCTAssertTrue(cases.contains { $0.shape.count == 3 })
        XCTAssertTrue(cases.contains { $0.ssim < 0 })
    }

    /// The separable valid-region box sums agree with a per-window loop, also for non-default settings.
    func testAgreesWithNaiveDefinition() throws {
        let configurations = [SSIMConfiguration.scikitImageDefault,
                              SSIMConfiguration(windowSize: 5, k1: 0.02, k2: 0.05, useSampleCovariance: false),
                              SSIMConfiguration(windowSize: 3)]
        for (k, shape) in [[1, 7, 7], [1, 12, 9], [2, 16, 11], [3, 10, 20]].enumerated() {
            let a = TestImages.random(shape, seed: UInt64(10 + k), scale: 255)
            let b = TestImages.noisy(a, sigma: 30, seed: UInt64(20 + k))
            for configuration in configurations {
                let fast = try StructuralSimilarity.ssim(a, b, dataRange: 256, configuration: configuration)
                let naive = TestImages.naiveSSIM(a, b, dataRange: 256, configuration: configuration)
                XCTAssertEqual(fast, naive, accuracy: 1e-9, "shape \(shape) \(configuration)")
            }
        }
    }
}
