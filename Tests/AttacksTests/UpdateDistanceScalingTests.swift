import Attacks
import Autodiff
import Exchange
import Kernels
import NN
import XCTest

/// The baseline attack compares a one-step client's update Δ = −lr·∇ as f(−lr)·D(∇, −Δ/lr)
/// (`UpdateDistance.callAsFunction(_:scaledBy:_:)`, `InversionObjective.simulationScale`): the
/// same term as D(−lr·∇, Δ), in value and gradient, up to rounding.
final class UpdateDistanceScalingTests: XCTestCase {
    func testScaledDistanceEqualsTheDistanceOfTheScaledTensors() {
        var rng = RandomGenerator(seed: 71)
        let a = [Tensor.randomNormal([3, 4], generator: &rng), Tensor.randomNormal([5], generator: &rng)].map { $0.requiringGradient() }
        let b = [Tensor.randomNormal([3, 4], generator: &rng), Tensor.randomNormal([5], generator: &rng)].map { $0 * 0.01 }
        for distance in UpdateDistance.allCases {
            for s: Float in [-0.01, 0.5, -3] {
                let direct = distance(a.map { $0 * s }, b)
                let scaled = distance(a, scaledBy: s, b.map { $0 / s })
                XCTAssertEqual(scaled.item, direct.item, accuracy: 1e-5 * max(1, abs(direct.item)), "\(distance), s = \(s)")
                for (g, h) in zip(gradients(of: scaled, wrt: a), gradients(of: direct, wrt: a)) {
                    for (u, v) in zip(g.scalars, h.scalars) {
                        XCTAssertEqual(u, v, accuracy: 1e-4 * max(1e-3, abs(v)), "\(distance), s = \(s)")
                    }
                }
            }
        }
    }

    /// For a client that took one plain SGD step, the objective's update term (computed on the
    /// gradient) equals D(Δ_sim, Δ) with Δ_sim the simulated update, away from the truth too.
    func testOneStepUpdateTermEqualsTheDistanceOfTheUpdates() throws {
        let (model, global, images) = AttackFixtures.smallResNetCase(modelSeed: 8, imageSeed: 9)
        let labels = [3, 1, 4, 1]
        let (update, _) = AttackFixtures.update(model: model, global: global, images: images, labels: labels, batchSize: 4)
        var rng = RandomGenerator(seed: 10)
        let guess = Tensor.randomUniform(images.shape, generator: &rng)
        let training = LocalTraining(learningRate: update.metadata.learningRate, batchSize: 4)
        let simulated = training.trainableUpdate(model, from: global, images: guess, targets: .hard(labels)).update
        let observed = global.trainableNames.map { update.delta[$0] }
        var configuration = BaselineAttack.paper(iterations: 1).configuration
        for distance in UpdateDistance.allCases {
            configuration.distance = distance
            let terms = try AttackProbe.terms(model: model, configuration: configuration, payload: ServerPayload(round: 0, global: global),
                                              update: update, threat: ThreatModel(labels: .known(labels), normStatistics: .none),
                                              images: guess)
            let expected = withoutRecording { distance(simulated, observed).item } * configuration.updateWeight
            XCTAssertEqual(terms[.update]!, expected, accuracy: 1e-4 * abs(expected), "\(distance)")
        }
    }
}
