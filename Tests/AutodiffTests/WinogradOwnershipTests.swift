@testable import Autodiff
@testable import Kernels
import XCTest

/// The Winograd filter cache recognises a weight tensor by its storage, which it holds
/// (`WinogradFilterCache`): that is sound only because storage is never written once shared. The
/// one in-place write, `Tensor.accumulate`, must therefore leave a cached storage alone and give the
/// next convolution the new weights, never the stale transform.
final class WinogradOwnershipTests: XCTestCase {
    func testAccumulatingIntoCachedWeightsNeverServesAStaleTransform() {
        let saved = Convolution.prefersWinograd
        Convolution.prefersWinograd = true
        defer { Convolution.prefersWinograd = saved }
        var rng = RandomGenerator(seed: 61)
        let x = Tensor.randomNormal([1, 64, 14, 14], generator: &rng)
        var w = Tensor.randomNormal([64, 64, 3, 3], generator: &rng)
        let step = Tensor.randomNormal([64, 64, 3, 3], generator: &rng)
        XCTAssertTrue(Convolution.usesWinograd(Op.geometry(input: x.shape, weight: w.shape, 1, 1)))
        WinogradFilterCache.shared.removeAll()
        let before = withoutRecording { x.conv2d(w, padding: 1) }.scalars
        let storage = w.storage
        w.accumulate(step)
        XCTAssertFalse(w.storage === storage, "the cache holds the old storage: accumulate must copy, not write into it")
        let after = withoutRecording { x.conv2d(w, padding: 1) }.scalars
        WinogradFilterCache.shared.removeAll()
        let fresh = withoutRecording { x.conv2d(w, padding: 1) }.scalars
        XCTAssertEqual(after.map(\.bitPattern), fresh.map(\.bitPattern), "the new weights, transformed afresh")
        XCTAssertNotEqual(after, before)
    }
}
