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
