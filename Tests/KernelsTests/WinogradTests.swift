@testable import Kernels
import XCTest

/// Winograd F(2×2, 3×3) and F(4×4, 3×3) and their two adjoints against naive loops, on odd and tiny
/// planes (cropped tiles, padding on every side), batches, and the channel counts that select it.
final class WinogradTests: XCTestCase {
    private let geometries = [
        ConvGeometry(batch: 2, inChannels: 3, inHeight: 7, inWidth: 9, outChannels: 5, kernelHeight: 3, kernelWidth: 3, stride: 1, padding: 1),
        ConvGeometry(batch: 1, inChannels: 4, inHeight: 1, inWidth: 1, outChannels: 2, kernelHeight: 3, kernelWidth: 3, stride: 1, padding: 1),
        ConvGeometry(batch: 3, inChannels: 2, inHeight: 2, inWidth: 3, outChannels: 3, kernelHeight: 3, kernelWidth: 3, stride: 1, padding: 1),
        ConvGeometry(batch: 3, inChannels: 16, inHeight: 13, inWidth: 6, outChannels: 8, kernelHeight: 3, kernelWidth: 3, stride: 1, padding: 1),
        ConvGeometry(batch: 1, inChannels: 64, inHeight: 14, inWidth: 14, outChannels: 64, kernelHeight: 3, kernelWidth: 3, stride: 1, padding: 1),
        ConvGeometry(batch: 1, inChannels: 64, inHeight: 56, inWidth: 56, outChannels: 64, kernelHeight: 3, kernelWidth: 3, stride: 1, padding: 1),
        // F(4×4, 3×3): cropped tiles on both sides, a block of one tile, batches.
        ConvGeometry(batch: 2, inChannels: 3, inHeight: 25, inWidth: 27, outChannels: 5, kernelHeight: 3, kernelWidth: 3, stride: 1, padding: 1),
        ConvGeometry(batch: 1, inChannels: 16, inHeight: 29, inWidth: 33, outChannels: 8, kernelHeight: 3, kernelWidth: 3, stride: 1, padding: 1),
        ConvGeometry(batch: 3, inChannels: 8, inHeight: 28, inWidth: 28, outChannels: 4, kernelHeight: 3, kernelWidth: 3, stride: 1, padding: 1),
    ]

    func testForwardAndBothGradientsMatchNaiveLoops() {
        var rng = RandomGenerator(seed: 23)
        for g in geometries {
            let large = WinogradTransform(g).tile == .fourByFour
            let x = rng.uniformArray(Shapes.count(g.inputShape)), w = rng.uniformArray(Shapes.count(g.weightShape))
            let dy = rng.uniformArray(Shapes.count(g.outputShape))
            var y = [Float](repeating: .nan, count: dy.count)
            var dx = [Float](repeating: .nan, count: x.count), dw = [Float](repeating: .nan, count: w.count)
            Convolution.forwardWinograd(x, w, g, into: &y)
            Convolution.inputGradientWinograd(dy, w, g, into: &dx)
            Convolution.weightGradientWinograd(x, dy, g, into: &dw)
            // Sums of up to C·9 (forward, input gradient) or N·H·W (weight gradient) products of
            // [−1, 1] values, computed through transforms that scale by up to 4 (F(2×2)): a few ulps
            // of the sum. F(4×4)'s coefficients (up to 8 and 1/24) cost more: 2.3e-4 forward and
            // 1.1e-4 input gradient measured on the 56×56 layer with these unit-scale values.
            let (sums, weightSums): (Float, Float) = large ? (5e-4, 5e-4) : (2e-5, 1e-4)
            assertClose(y, NaiveConvolution.forward(x, w, g), tolerance: sums, "forward \(g)")
            assertClose(dx, NaiveConvolution.inputGradient(dy, w, g), tolerance: sums, "inputGradient \(g)")
            assertClose(dw, NaiveConvolution.weightGradient(x, dy, g), tolerance: weightSums, "weightGradient \(g)")
        }
    }

    /// The adjoints are exact: ⟨conv(x), dy⟩ = ⟨x, conv_xᵀ(dy)⟩ = ⟨w, conv_wᵀ(x, dy)⟩ to rounding,
    /// for both tile sizes.
    func testTheGradientsAreTheForwardPassesAdjoints() {
        for g in [geometries[0], geometries[6]] { checkAdjoints(g) }
    }

    private func checkAdjoints(_ g: ConvGeometry) {
        var rng = RandomGenerator(seed: 5)
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
        let (saved, savedTiles) = (WinogradTransform.vectorised, WinogradTile.largeTilesAllowed)
        defer { (WinogradTransform.vectorised, WinogradTile.largeTilesAllowed) = (saved, savedTiles) }
        WinogradTile.largeTilesAllowed = false  // F(4×4, 3×3) has no scalar twin
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

    /// Weights given with an owner are served by address while the cache holds that owner (no
    /// comparison), give the uncached results bit for bit, and are released with their entry.
    func testOwnedEntriesHoldTheirOwnerAndGiveTheUncachedResults() {
        final class Owner {}
        var rng = RandomGenerator(seed: 47)
        let g = geometries[3]
        let x = rng.uniformArray(Shapes.count(g.inputShape)), dy = rng.uniformArray(Shapes.count(g.outputShape))
        var w = rng.uniformArray(Shapes.count(g.weightShape))
        func run(_ owner: AnyObject?) -> [[UInt32]] {
            var y = [Float](repeating: .nan, count: dy.count), dx = [Float](repeating: .nan, count: x.count)
            Convolution.forwardWinograd(x, w, g, into: &y, weightsOwner: owner)
            Convolution.inputGradientWinograd(dy, w, g, into: &dx, weightsOwner: owner)
            return [y.map(\.bitPattern), dx.map(\.bitPattern)]
        }
        WinogradFilterCache.shared.removeAll()
        let uncached = run(nil)
        WinogradFilterCache.shared.removeAll()
        var owner: Owner? = Owner()
        weak let released = owner
        XCTAssertEqual(run(owner), uncached, "made with an owner")
        XCTAssertEqual(run(owner), uncached, "served by the owner's entry")
        // The owner is trusted, not checked: weights changed behind its back are not seen. That is
        // why only storage that is never written while referenced (the autodiff's) may be an owner.
        for i in stride(from: 0, to: w.count, by: 7) { w[i] = -0.5 * w[i] }
        XCTAssertEqual(run(owner), uncached, "matched by owner and address, without a compare")
        owner = nil
        XCTAssertNotNil(released, "the entry holds its owner, so the weights cannot change or be freed")
        WinogradFilterCache.shared.removeAll()
        XCTAssertNil(released, "dropped with the entry")
        XCTAssertNotEqual(run(nil), uncached, "the changed weights, transformed afresh, give other results")
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
        // F(4×4, 3×3) where it still has 49 tiles per image: ResNet-18's first two stages at 224×224.
        if WinogradTransform.vectorised {
            XCTAssertEqual(WinogradTransform(layer(64, 56)).tile, .fourByFour)
            XCTAssertEqual(WinogradTransform(layer(128, 28)).tile, .fourByFour)
            XCTAssertEqual(WinogradTransform(layer(256, 14)).tile, .twoByTwo)
            XCTAssertEqual(WinogradTransform(layer(64, 16)).tile, .twoByTwo, "resnet-mini's last stage at 64×64 keeps F(2×2)")
        }
        Convolution.prefersWinograd = false
        XCTAssertFalse(Convolution.usesWinograd(layer(64, 56)))
    }
}

extension WinogradTests {
    /// The two tile sizes compute the same convolution: on a layer of ResNet-18's first stage (a
    /// 28×28 crop of its 56×56 planes), with values like its activations, F(4×4, 3×3) stays within
    /// 20 times F(2×2, 3×3)'s distance from the naive loops, and under 1e-5 of the largest value.
    func testLargeTilesStayCloseToSmallTilesOnAResNetLayer() throws {
        try XCTSkipUnless(WinogradTransform.vectorised, "F(4×4, 3×3) runs only where the vector kernels do")
        let saved = WinogradTile.largeTilesAllowed
        defer { WinogradTile.largeTilesAllowed = saved }
        let g = ConvGeometry(batch: 1, inChannels: 64, inHeight: 28, inWidth: 28, outChannels: 64,
                             kernelHeight: 3, kernelWidth: 3, stride: 1, padding: 1)
        var rng = RandomGenerator(seed: 47)
        let x = rng.uniformArray(Shapes.count(g.inputShape)).map { max(0, $0) }  // after a ReLU
        let w = rng.uniformArray(Shapes.count(g.weightShape)).map { $0 * 0.06 }  // He-like scale, 3·3·64 inputs
        let dy = rng.uniformArray(Shapes.count(g.outputShape))
        let naive = [NaiveConvolution.forward(x, w, g), NaiveConvolution.inputGradient(dy, w, g), NaiveConvolution.weightGradient(x, dy, g)]
        func worstErrors(large: Bool) -> [Float] {
            WinogradTile.largeTilesAllowed = large
            XCTAssertEqual(WinogradTransform(g).tile, large ? .fourByFour : .twoByTwo)
            var y = [Float](repeating: .nan, count: dy.count)
            var dx = [Float](repeating: .nan, count: x.count), dw = [Float](repeating: .nan, count: w.count)
            Convolution.forwardWinograd(x, w, g, into: &y)
            Convolution.inputGradientWinograd(dy, w, g, into: &dx)
            Convolution.weightGradientWinograd(x, dy, g, into: &dw)
            return zip([y, dx, dw], naive).map { actual, expected in
                let scale = expected.map(abs).max() ?? 1
                return zip(actual, expected).map { abs($0 - $1) / scale }.max() ?? 0
            }
        }
        let (small, large) = (worstErrors(large: false), worstErrors(large: true))
        print("worst error / largest value, F(2×2) vs F(4×4): forward \(small[0]) vs \(large[0]), input gradient \(small[1]) vs \(large[1]), weight gradient \(small[2]) vs \(large[2])")
        for (name, (a, b)) in zip(["forward", "inputGradient", "weightGradient"], zip(small, large)) {
            XCTAssertLessThanOrEqual(b, 1e-5, "\(name): F(4×4) error \(b)")
            XCTAssertLessThanOrEqual(b, 20 * max(a, 1e-7), "\(name): F(4×4) error \(b) against F(2×2)'s \(a)")
        }
    }
}
