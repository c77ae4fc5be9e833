import Attacks
import Autodiff
import Exchange
import Kernels
import NN
import XCTest

/// The attack's gradient with respect to the images must be the derivative of its objective:
/// autodiff directional derivatives against central finite differences. The update term is
/// checked on the sigmoid LeNet (with ReLU networks it is only piecewise smooth: ReLU masks flip,
/// and the simulated update jumps), the BN and TV terms on resnet-mini.
final class GradientCheckTests: XCTestCase {
    private func check(model: any Model, configuration: InversionConfiguration, update: ClientUpdate, payload: ServerPayload,
                       threat: ThreatModel, at point: Tensor, step h: Float, tolerance: Float, _ label: String) throws {
        let gradient = try AttackProbe.gradient(model: model, configuration: configuration, payload: payload, update: update,
                                                threat: threat, images: point)
        // Along the (unit) gradient direction the slope is largest, so finite differences in
        // Float32 resolve it; a wrong gradient would not predict its own slope.
        let norm = gradient.scalars.reduce(0) { $0 + $1 * $1 }.squareRoot()
        XCTAssertGreaterThan(norm, 0, label)
        let direction = gradient.scalars.map { $0 / max(norm, 1e-30) }
        func loss(_ t: Float) throws -> Float {
            let x = Tensor(shape: point.shape, scalars: zip(point.scalars, direction).map { $0 + t * $1 })
            return try AttackProbe.terms(model: model, configuration: configuration, payload: payload, update: update,
                                         threat: threat, images: x)[.total]!
        }
        let analytic = zip(gradient.scalars, direction).map { $0 * $1 }.reduce(0, +)
        let numeric = (try loss(h) - loss(-h)) / (2 * h)
        XCTAssertEqual(analytic, numeric, accuracy: tolerance * max(abs(numeric), 1e-3), label)
    }

    func testUpdateTermGradientOnTheSigmoidLeNet() throws {
        let model = LeNet(imageSize: 16)
        let global = model.initialState(seed: 5)
        let payload = ServerPayload(round: 0, global: global)
        var generator = RandomGenerator(seed: 6)
        let images = Tensor.randomUniform([2, 1, 16, 16], generator: &generator)
        let labels = [2, 8]
        let point = Tensor.randomUniform([2, 1, 16, 16], generator: &generator)
        let threat = ThreatModel(labels: .known(labels), normStatistics: .none)
        // Batch size 1: two steps, the update compared as a state difference; batch size 2: one
        // plain step, compared on the gradient with a scaled distance (`InversionObjective.simulationScale`).
        for batchSize in [1, 2] {
            let (update, _) = AttackFixtures.update(model: model, global: global, images: images, labels: labels, batchSize: batchSize)
            for distance in [UpdateDistance.squaredL2, .l2, .cosine] {
                for simulation in [InversionConfiguration.Simulation.unrolled, .singleGradient] {
                    var configuration = InversionConfiguration(iterations: 1, learningRate: 0.1, simulation: simulation, distance: distance)
                    // Scale the term to about 1 at the point, so every distance has a measurable slope.
                    let value = try AttackProbe.terms(model: model, configuration: configuration, payload: payload,
                                                      update: update, threat: threat, images: point)[.update]!
                    configuration.updateWeight = 1 / value
                    try check(model: model, configuration: configuration, update: update, payload: payload,
                              threat: threat, at: point, step: 3e-3, tolerance: 0.02, "\(distance) \(simulation) B \(batchSize)")
                }
            }
        }
    }

    func testNormAndTotalVariationGradientsOnResNetMini() throws {
        let model = ResNet.mini(width: 4, imageSize: 16)
        let global = model.initialState(seed: 7)
        var generator = RandomGenerator(seed: 8)
        let image = Tensor.randomUniform([1, 1, 16, 16], generator: &generator)
        let (update, _) = AttackFixtures.update(model: model, global: global, images: image, labels: [1], batchSize: 1)
        let point = Tensor.randomUniform([1, 1, 16, 16], generator: &generator)
        let threat = ThreatModel(labels: .known([1]), normStatistics: .recoveredFromUpdate)
        for scaling in [InversionConfiguration.NormScaling.absolute, .relative] {
            for matching in [InversionConfiguration.NormMatching.simulatedSteps, .updatedModel] {
                var configuration = InversionConfiguration(iterations: 1, learningRate: 0.1, simulation: .unrolled, distance: .cosine,
                                                           updateWeight: 0, normWeight: 1, normMatching: matching)
                configuration.normScaling = scaling
                try check(model: model, configuration: configuration, update: update, payload: ServerPayload(round: 0, global: global),
                          threat: threat, at: point, step: 1e-3, tolerance: 0.05, "bn \(scaling) \(matching)")
            }
        }
        for tv in [InversionConfiguration.TotalVariation.frobenius, .meanAbsolute] {
            let configuration = InversionConfiguration(iterations: 1, learningRate: 0.1, simulation: .unrolled, distance: .cosine,
                                                       updateWeight: 0, tvWeight: 1, totalVariation: tv, l2Weight: 1)
            try check(model: model, configuration: configuration, update: update, payload: ServerPayload(round: 0, global: global),
                      threat: threat, at: point, step: 1e-3, tolerance: 0.02, "tv \(tv)")
        }
    }
}
