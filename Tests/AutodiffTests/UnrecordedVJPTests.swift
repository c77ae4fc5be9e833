@testable import Autodiff
import Kernels
import XCTest

/// A VJP run without recording may take a fused kernel (`Op.vjp`): it must give the recorded,
/// composed VJP's values bit for bit.
final class UnrecordedVJPTests: XCTestCase {
    func testSquaredDistanceGradientIsTheComposedOneBitForBit() {
        var rng = RandomGenerator(seed: 67)
        for count in [1, 7, 40_000] {
            let a = Tensor.randomNormal([count], generator: &rng).requiringGradient()
            let b = Tensor.randomNormal([count], generator: &rng).requiringGradient()
            let y = (a.squaredDistance(to: b) + 1e-20).sqrt() * 0.37
            let fused = gradients(of: y, wrt: [a, b], createGraph: false)
            let composed = gradients(of: y, wrt: [a, b], createGraph: true)
            for (f, c) in zip(fused, composed) {
                XCTAssertFalse(f.requiresGradient)
                XCTAssertEqual(f.scalars.map(\.bitPattern), c.scalars.map(\.bitPattern), "\(count) elements")
            }
        }
    }
}
