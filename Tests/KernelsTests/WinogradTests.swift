@testable import Kernels
import XCTest

/// Winograd F(2×2, 3×3) and its two adjoints against naive loops, on odd and tiny planes (cropped
/// tiles, padding on every side), batches, and the channel counts that select it.
final class WinogradTests: XCTestCase {
    private let geometries = [
        ConvGeometry(batch: 2, inChannels: 3, inHeight: 7, inWidth: 9, outChannels: 5, kernelHeight: 3, kernelWidth: 3, stride: 1, padding: 1),
        ConvGeometry(batch: 1, inChannels: 4, inHeight: 1, inWidth: 1, outChannels: 2, kernelHeight: 3, kernelWidth: 3, stride: 1, padding: 1),
        ConvGeometry(batch: 3, inChannels: 2, inHeight: 2, inWidth: 3, outChannels: 3, kernelHeight: 3, kernelWidth: 3, stride: 1, padding: 1),
        ConvGeometry(batch: 3, inChannels: 16, inHeight: 13, inWidth: 6, outChannels: 8, kernelHeight: 3, kernelWidth: 3, stride: 1, padding: 1),
        ConvGeometry(batch: 1, inChannels: 64, inHeight: 14, inWidth: 14, outChannels: 64, kernelHeight: 3, kernelWidth: 3, stride: 1, padding: 1),
        ConvGeometry(batch: 1, inChannels: 64, inHeight: 56, inWidth: 56, outChannels: 64, kernelHeight: 3, kernelWidth: 3, stride: 1, padding: 1),
    ]

    func testForwardAndBothGradientsMatchNaiveLoops() {
        var rng = RandomGenerator(seed: 23)
        for g in geometries {
            let x = rng.uniformArray(Shapes.count(g.inputShape)), w = rng.uniformArray(Shapes.count(g.weightShape))
            let dy = rng.uniformArray(Shapes.count(g.outputShape))
            var y = [Float](repeating: .nan, count: dy.count)
            var dx = [Float](repeating: .nan, count: x.count), dw = [Float](repeating: .nan, count: w.count)
            Convolution.forwardWinograd(x, w, g, into: &y)
            Convolution.inputGradientWinograd(dy, w, g, into: &dx)
            Convolution.weightGradientWinograd(x, dy, g, into: &dw)
            // Sums of up to C·9 (forward, input gradient) or N·H·W (weight gradient) products of
            // [−1, 1] values, computed through transforms that scale by up to 4: a few ulps of the sum.
            assertClose(y, NaiveConvolution.forward(x, w, g), tolerance: 2e-5, "forward \(g)")
            assertClose(dx, NaiveConvolution.inputGradient(dy, w, g), tolerance: 2e-5, "inputGradient \(g)")
            assertClose(dw, NaiveConvolution.weightGradient(x, dy, g), tolerance: 1e-4, "weightGradient \(g)")
        }
    }

    /// The adjoints are exact: ⟨conv(x), dy⟩ = ⟨x, conv_xᵀ(dy)⟩ = ⟨w, conv_wᵀ(x, dy)⟩ to rounding.
    func testTheGradientsAreTheForwardPassesAdjoints() {
        var rng = RandomGenerator(seed: 5)
        let g = geometries[0]
        let x = rng.uniformArray(Shapes.count(g.inputShape)), w = rng.uniformArray(Shapes.count(g.weightShape))
        let dy = rng.uniformArray(Shapes.count(g.outputShape))
        var y = [Float](repeating: 0, count: dy.count), dx = [Float](repeating: 0, count: x.count), dw = [Float](repeating: 0, count: w.count)
        Convolution.forwardWinograd(x, w, g, into: &y)
        Convolution.inputGradientWinograd(dy, w, g, into: &dx)
        Convolution.weightGradientWinograd(x, dy, g, into: &dw)
        func dot(_ a: [Float], _ b: [Float]) -> Double { zip(a, b).reduce(0) { $0 + Double($1.0) * Double($1.1) } }
        XCTAssertEqual(dot(y, dy), dot(x, dx), accuracy: 1e-3 * abs(dot(y, dy)))
        XCTAssertEqual(dot(y, dy), dot(w, dw), accuracy: 1e-3 * abs(dot(y, dy)))
    }

    /// The vectorised image transforms (eight tiles per vector) give the scalar loops' results bit
    /// for bit, on planes whose tile rows are shorter than, equal to and longer than a vector, odd
    /// sizes included, and on values whose rounding depends on the order of the additions.
    func testVectorisedTransformsEqualTheScalarOnesBitForBit() throws {
        try XCTSkipUnless(VectorUnit.runsVectorKernels, "this CPU does not run the VectorKernels module")
        let saved = WinogradTransform.vectorised
        defer { WinogradTransform.vectorised = saved }
        var rng = RandomGenerator(seed: 41)
        let sizes = [(1, 1), (2, 3), (5, 7), (7, 7), (14, 14), (15, 17), (16, 16), (17, 33), (28, 28), (56, 56)]
        for (h, w) in sizes {
            let g = ConvGeometry(batch: 2, inChannels: 3, inHeight: h, inWidth: w, outChannels: 2,
                                 kernelHeight: 3, kernelWidth: 3, stride: 1, padding: 1)
            // Values over many magnitudes, so a different order of additions would show in the last
            // bits, with signed zeros among them (a sum's sign of zero depends on what it adds).
            func values(_ count: Int) -> [Float] {
                rng.uniformArray(count).enumerated().map { i, v in
                    i % 13 == 0 ? -0.0 : i % 11 == 0 ? 0 : v * exp2(Float(Int(v * 40) % 20))
                }
            }
            let x = values(Shapes.count(g.inputShape)), dy = values(Shapes.count(g.outputShape))
            let w = rng.uniformArray(Shapes.count(g.weightShape))
            func run() -> [[Float]] {
                var y = [Float](repeating: .nan, count: dy.count)
                var dx = [Float](repeating: .nan, count: x.count), dw = [Float](repeating: .nan, count: w.count)
                Convolution.forwardWinograd(x, w, g, into: &y)
                Convolution.inputGradientWinograd(dy, w, g, into: &dx)
                Convolution.weightGradientWinograd(x, dy, g, into: &dw)
                return [y, dx, dw]
            }
            WinogradTransform.vectorised = false
            let scalar = run()
            WinogradTransform.vectorised = true
            let vector = run()
            for (name, (a, b)) in zip(["forward", "inputGradient", "weightGradient"], zip(scalar, vector)) {
                let differing = zip(a, b).filter { $0.bitPattern != $1.bitPattern }.count
                XCTAssertEqual(differing, 0, "\(name) on \(h)×\(w): \(differing) of \(a.count) values differ in some bit")
            }
        }
    }

    /// Cached filter transforms give the uncached results bit for bit, and weights changed in place
    /// (same address, new values) are transformed again, never served stale.
    func testCachedFilterTransformsAreNeverStale() {
        var rng = RandomGenerator(seed: 43)
        let g = geometries[3]
        let x = rng.uniformArray(Shapes.count(g.inputShape)), dy = rng.uniformArray(Shapes.count(g.outputShape))
        var w = rng.uniformArray(Shapes.count(g.weightShape))
        func run(_ w: [Float]) -> [[UInt32]] {
            var y = [Float](repeating: .nan, count: dy.count), dx = [Float](repeating: .nan, count: x.count)
            Convolution.forwardWinograd(x, w, g, into: &y)
            Convolution.inputGradientWinograd(dy, w, g, into: &dx)
            return [y.map(\.bitPattern), dx.map(\.bitPattern)]
        }
        func address(_ w: [Float]) -> UnsafePointer<Float>? { w.withUnsafeBufferPointer { $0.baseAddress } }
        WinogradFilterCache.shared.removeAll()
        let fresh = run(w)
        XCTAssertEqual(run(w), fresh, "a cache hit")
        let before = address(w)
        for i in stride(from: 0, to: w.count, by: 7) { w[i] = -0.5 * w[i] }
        XCTAssertEqual(address(w), before, "the weights changed in place, at the cached address")
        let changed = run(w)
        XCTAssertNotEqual(changed[0], fresh[0], "new weights give a new forward pass")
        WinogradFilterCache.shared.removeAll()
        XCTAssertEqual(run(w), changed, "the same as transforming the new weights afresh")
    }

    /// Only ResNet-18-sized 3×3 stride-1 layers take Winograd: resnet-mini's keep their paths.
    func testWinogradTakesOnlyWideManyChannelLayers() {
        let saved = Convolution.prefersWinograd
        Convolution.prefersWinograd = true
        defer { Convolution.prefersWinograd = saved }
        func layer(_ channels: Int, _ size: Int, stride: Int = 1) -> ConvGeometry {
            ConvGeometry(batch: 1, inChannels: channels, inHeight: size, inWidth: size, outChannels: channels,
                         kernelHeight: 3, kernelWidth: 3, stride: stride, padding: 1)
        }
        XCTAssertTrue(Convolution.usesWinograd(layer(64, 56)))
        XCTAssertTrue(Convolution.usesWinograd(layer(256, 14)))
        XCTAssertFalse(Convolution.usesWinograd(layer(512, 7)), "16 tiles: the filter transform outweighs the saving")
        XCTAssertFalse(Convolution.usesWinograd(layer(64, 8)), "resnet-mini's last stage")
        XCTAssertFalse(Convolution.usesWinograd(layer(16, 32)), "resnet-mini's first stage")
        XCTAssertFalse(Convolution.usesWinograd(layer(128, 28, stride: 2)))
        Convolution.prefersWinograd = false
        XCTAssertFalse(Convolution.usesWinograd(layer(64, 56)))
    }
}
