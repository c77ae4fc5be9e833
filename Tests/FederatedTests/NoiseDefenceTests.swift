import Autodiff
import Exchange
import Federated
import Kernels
import NN
import XCTest

/// GaussianPrivacy: σ from the 95th percentile of |Δ| over all entries; with `noisesBuffers: false`
/// the BN buffers are sent exact and every other entry gets exactly the companion filter's noise.
final class NoiseDefenceTests: XCTestCase {
    private static let names = ["conv1.weight", "bn1.weight", "bn1.running_mean", "bn1.running_var", "bn1.num_batches_tracked"]

    private func update() -> ClientUpdate {
        var generator = RandomGenerator(seed: 11)
        var tensors: [String: Tensor] = [:]
        for name in Self.names {
            tensors[name] = name.hasSuffix("num_batches_tracked")
                ? Tensor(shape: [], scalars: [1])
                : Tensor.randomNormal([4, 3], standardDeviation: 0.1, generator: &generator)
        }
        return ClientUpdate(clientID: 9, round: 1, delta: ModelState(names: Self.names, tensors: tensors),
                            metadata: TrainingMetadata(images: 1, batchSize: 1))
    }

    func testWeightsOnlyLeavesTheBuffersExactAndKeepsEveryOtherDraw() {
        let original = update()
        var g1 = RandomGenerator(seed: 5), g2 = RandomGenerator(seed: 5)
        let everywhere = GaussianPrivacy(sigma0: 1).apply(original, generator: &g1)
        let weightsOnly = GaussianPrivacy(sigma0: 1, noisesBuffers: false).apply(original, generator: &g2)
        for name in Self.names {
            let before = original.delta[name].scalars
            if ModelState.isBuffer(name) {
                XCTAssertEqual(weightsOnly.delta[name].scalars, before, "\(name) is sent exact")
                XCTAssertNotEqual(everywhere.delta[name].scalars, before, "\(name) gets noise in the companion's filter")
            } else {
                XCTAssertEqual(weightsOnly.delta[name].scalars, everywhere.delta[name].scalars, "\(name): the same draw")
                XCTAssertNotEqual(weightsOnly.delta[name].scalars, before, "\(name) gets noise")
            }
        }
        XCTAssertEqual(g1.next(), g2.next(), "both filters consumed the same number of draws")
        XCTAssertEqual(GaussianPrivacy(sigma0: 1, noisesBuffers: false).name, "GaussianPrivacy(σ₀ = 1.0, weights only)")
    }

    func testSigmaIsSigma0TimesThe95thPercentileOfTheNonZeroMagnitudes() {
        let values: [Float] = [0, -1, 2, -3, 4, 5, 0, 6, -7, 8, 9, 10]
        let delta = ModelState(names: ["w"], tensors: ["w": Tensor(shape: [12], scalars: values)])
        // |Δ| without zeros: 1…10; NumPy's percentile(…, 95) of 1…10 is 9.55.
        XCTAssertEqual(GaussianPrivacy(sigma0: 2).standardDeviation(for: delta), 2 * 9.55, accuracy: 1e-5)
    }
}
