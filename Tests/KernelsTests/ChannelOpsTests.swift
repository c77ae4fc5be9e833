import Kernels
import XCTest

/// The per-channel kernels against Double loops: short runs (inner 1, 3, 17 — below and around
/// the 8-lane loop), runs long enough to be split over threads, and precision on long channels.
final class ChannelOpsTests: XCTestCase {
    private let layouts: [(outer: Int, channels: Int, inner: Int)] = [(4, 3, 1), (2, 5, 3), (3, 2, 17), (8, 16, 4096)]

    private func naive(_ layout: (outer: Int, channels: Int, inner: Int), _ value: (Int, Int) -> Double) -> [Double] {
        var out = [Double](repeating: 0, count: layout.channels)
        for n in 0..<layout.outer {
            for c in 0..<layout.channels {
                for i in 0..<layout.inner { out[c] += value((n * layout.channels + c) * layout.inner + i, c) }
            }
        }
        return out
    }

    func testAffineDotAndSumMatchDoubleLoops() {
        var rng = RandomGenerator(seed: 11)
        for layout in layouts {
            let count = layout.outer * layout.channels * layout.inner
            let a = rng.uniformArray(count), b = rng.uniformArray(count)
            let scale = rng.uniformArray(layout.channels), shift = rng.uniformArray(layout.channels)
            let label = "\(layout)"
            // Float32 lanes summing 4096-long runs of ±1 products: ~1e-5 absolute error is rounding.
            let tolerance: Float = layout.inner > 1000 ? 1e-4 : 1e-5

            var y = [Float](repeating: .nan, count: count)
            ChannelOps.affine(a, scale: scale, shift: shift, into: &y, outer: layout.outer, channels: layout.channels, inner: layout.inner)
            let expected = a.indices.map { i in a[i] * scale[(i / layout.inner) % layout.channels] + shift[(i / layout.inner) % layout.channels] }
            assertClose(y, expected, tolerance: 1e-6, "affine \(label)")

            var dot = [Float](repeating: .nan, count: layout.channels)
            ChannelOps.dot(a, b, into: &dot, outer: layout.outer, channels: layout.channels, inner: layout.inner)
            assertClose(dot, naive(layout) { i, _ in Double(a[i]) * Double(b[i]) }.map(Float.init), tolerance: tolerance, "dot \(label)")

            var sum = [Float](repeating: .nan, count: layout.channels)
            ChannelOps.sum(a, into: &sum, outer: layout.outer, channels: layout.channels, inner: layout.inner)
            assertClose(sum, naive(layout) { i, _ in Double(a[i]) }.map(Float.init), tolerance: tolerance, "sum \(label)")
        }
    }

    func testVarianceIsTheMeanSquaredDeviation() {
        var rng = RandomGenerator(seed: 12)
        for layout in layouts {
            let count = layout.outer * layout.channels * layout.inner
            let x = rng.uniformArray(count, -2, 3)
            let perChannel = Double(layout.outer * layout.inner)
            let mean = naive(layout) { i, _ in Double(x[i]) }.map { $0 / perChannel }
            let expected = naive(layout) { i, c in (Double(x[i]) - mean[c]) * (Double(x[i]) - mean[c]) }.map { Float($0 / perChannel) }
            var out = [Float](repeating: .nan, count: layout.channels)
            ChannelOps.variance(x, into: &out, outer: layout.outer, channels: layout.channels, inner: layout.inner)
            assertClose(out, expected, tolerance: 1e-5, "variance \(layout)")
        }
    }

    /// A large offset with a small spread: E[x²] − E[x]² would lose every digit in Float32; the
    /// two-pass variance keeps the relative error near Float32 rounding.
    func testVarianceOfAnOffsetChannelStaysAccurate() {
        var rng = RandomGenerator(seed: 13)
        let (outer, channels, inner) = (4, 2, 1000)
        let x = (0..<(outer * channels * inner)).map { _ in 1000 + 0.01 * (rng.nextUniform() - 0.5) }
        var out = [Float](repeating: .nan, count: channels)
        ChannelOps.variance(x, into: &out, outer: outer, channels: channels, inner: inner)
        let layout = (outer: outer, channels: channels, inner: inner)
        let perChannel = Double(outer * inner)
        let mean = naive(layout) { i, _ in Double(x[i]) }.map { $0 / perChannel }
        let expected = naive(layout) { i, c in (Double(x[i]) - mean[c]) * (Double(x[i]) - mean[c]) }.map { $0 / perChannel }
        for c in 0..<channels {
            XCTAssertEqual(Double(out[c]), expected[c], accuracy: expected[c] * 1e-2, "channel \(c)")
        }
    }

    func testEmptyChannelsGiveZeroSumsAndNaNVariance() {
        var sum: [Float] = [.nan, .nan], variance: [Float] = [0, 0]
        ChannelOps.sum([], into: &sum, outer: 0, channels: 2, inner: 4)
        ChannelOps.variance([], into: &variance, outer: 0, channels: 2, inner: 4)
        XCTAssertEqual(sum, [0, 0])
        XCTAssert(variance.allSatisfy(\.isNaN))
    }
}
