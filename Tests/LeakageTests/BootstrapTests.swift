import Foundation
import Kernels
import XCTest
@testable import Leakage

final class BootstrapTests: XCTestCase {
    func testPercentileIntervalCoversTrueMeanAtNominalRate() throws {
        var data = RandomGenerator(seed: 2023), resampling = RandomGenerator(seed: 7)
        let trials = 300, n = 40, mu = 2.0
        var coveredMean = 0, coveredNormal = 0, coveredMedian = 0
        for _ in 0..<trials {
            let values = (0..<n).map { _ in mu + Double(data.nextNormal()) }
            if try Bootstrap.percentileInterval(values, resamples: 400, generator: &resampling).contains(mu) { coveredMean += 1 }
            if try Bootstrap.normalApproximation(values).contains(mu) { coveredNormal += 1 }
            // Skewed data: exponential(1) has median ln 2.
            let skewed = (0..<n).map { _ in -log(1 - Double(data.nextUniform())) }
            if try Bootstrap.percentileInterval(skewed, statistic: .median, resamples: 400, generator: &resampling).contains(log(2)) {
                coveredMedian += 1
            }
        }
        for (name, covered) in [("mean", coveredMean), ("normal", coveredNormal), ("median", coveredMedian)] {
            let rate = Double(covered) / Double(trials)
            XCTAssertGreaterThan(rate, 0.88, "\(name) coverage \(rate)")
            XCTAssertLessThan(rate, 0.99, "\(name) coverage \(rate)")
        }
    }

    func testImagesBySeedCoversGrandMean() throws {
        // Crossed design: score = mu + image effect + seed effect + noise.
        var data = RandomGenerator(seed: 11), resampling = RandomGenerator(seed: 12)
        let trials = 200, seeds = 6, images = 20, mu = 0.3
        var covered = 0, coveredIgnoringSeeds = 0
        for _ in 0..<trials {
            let imageEffect = (0..<images).map { _ in 0.2 * Double(data.nextNormal()) }
            let grid = (0..<seeds).map { _ -> [Double] in
                let seedEffect = 0.1 * Double(data.nextNormal())
                return imageEffect.map { mu + $0 + seedEffect + 0.05 * Double(data.nextNormal()) }
            }
            let interval = try Bootstrap.percentileInterval(imagesBySeed: grid, resamples: 300, generator: &resampling)
            XCTAssertEqual(interval.estimate, grid.flatMap { $0 }.reduce(0, +) / Double(seeds * images), accuracy: 1e-12)
            if interval.contains(mu) { covered += 1 }
            let flat = try Bootstrap.percentileInterval(grid.flatMap { $0 }, resamples: 300, generator: &resampling)
            if flat.contains(mu) { coveredIgnoringSeeds += 1 }
        }
        let rate = Double(covered) / Double(trials), naive = Double(coveredIgnoringSeeds) / Double(trials)
        XCTAssertGreaterThan(rate, 0.85, "crossed coverage \(rate)")
        XCTAssertLessThan(rate, 0.99, "crossed coverage \(rate)")
        XCTAssertLessThan(naive, rate - 0.1, "treating the 120 cells as independent should under-cover (\(naive) vs \(rate))")
    }

    /// On a large normal sample the percentile interval of the mean has about the width of the
    /// normal-approximation interval 2 · 1.96 · s/√n (a 90 % interval would be 16 % narrower).
    func testWidthMatchesNormalTheory() throws {
        var data = RandomGenerator(seed: 99), resampling = RandomGenerator(seed: 100)
        let values = (0..<400).map { _ in Double(data.nextNormal()) }
        let bootstrap = try Bootstrap.percentileInterval(values, resamples: 4000, generator: &resampling)
        let normal = try Bootstrap.normalApproximation(values)
        let ratio = (bootstrap.upper - bootstrap.lower) / (normal.upper - normal.lower)
        XCTAssertEqual(ratio, 1, accuracy: 0.06, "width ratio \(ratio)")
        XCTAssertEqual(bootstrap.estimate, normal.estimate, accuracy: 1e-12)
    }

    func testDeterministicAndDegenerate() throws {
        let values = [0.1, 0.4, 0.35, 0.8, 0.2]
        var g1 = RandomGenerator(seed: 5), g2 = RandomGenerator(seed: 5)
        XCTAssertEqual(try Bootstrap.percentileInterval(values, generator: &g1), try Bootstrap.percentileInterval(values, generator: &g2))
        var g = RandomGenerator(seed: 1)
        let constant = try Bootstrap.percentileInterval([0.5, 0.5, 0.5], statistic: .median, generator: &g)
        XCTAssertEqual([constant.lower, constant.estimate, constant.upper], [0.5, 0.5, 0.5])
        let normal = try Bootstrap.normalApproximation([1, 2, 3, 4])
        let se = (5.0 / 3 / 4).squareRoot()   // sample variance 5/3
        XCTAssertEqual(normal.lower, 2.5 - 1.96 * se, accuracy: 1e-12)
        XCTAssertEqual(normal.upper, 2.5 + 1.96 * se, accuracy: 1e-12)
        XCTAssertEqual(Bootstrap.quantile(sorted: [1, 2, 3, 4], 0.25), 1.75, accuracy: 1e-12)   // numpy: 1.75
    }

    func testBadInput() {
        var g = RandomGenerator(seed: 1)
        assertThrows(try Bootstrap.percentileInterval([], generator: &g), contains: ["Bootstrap.percentileInterval", "at least one"])
        assertThrows(try Bootstrap.percentileInterval([1, .nan], generator: &g), contains: ["non-finite", "index 1"])
        assertThrows(try Bootstrap.percentileInterval([1], resamples: 0, generator: &g), contains: ["resamples"])
        assertThrows(try Bootstrap.percentileInterval([1], confidence: 1, generator: &g), contains: ["confidence"])
        assertThrows(try Bootstrap.percentileInterval(imagesBySeed: [[1, 2], [3]], generator: &g), contains: ["not rectangular"])
        assertThrows(try Bootstrap.normalApproximation([1]), contains: ["Bootstrap.normalApproximation", "two values"])
    }
}
