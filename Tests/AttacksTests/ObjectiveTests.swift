import Attacks
import Autodiff
import Exchange
import Kernels
import NN
import XCTest

/// The attack objective must vanish at the ground truth: simulating the client's local training
/// on its true images and labels reproduces the update exactly, and the recovered BN statistics
/// equal those of the true images.
final class ObjectiveTests: XCTestCase {
    func testUpdateAndNormTermsVanishAtTheTruth() throws {
        let (model, global, images) = AttackFixtures.smallResNetCase(modelSeed: 4, imageSeed: 5)
        let labels = [1, 7, 2, 7]
        let (update, _) = AttackFixtures.update(model: model, global: global, images: images, labels: labels, batchSize: 2)
        let payload = ServerPayload(round: 0, global: global)
        var configuration = BaselineAttack.paper(iterations: 1).configuration
        configuration.initialization = .uniform
        for distance in [UpdateDistance.l2, .cosine] {
            configuration.distance = distance
            let terms = try AttackProbe.terms(model: model, configuration: configuration, payload: payload, update: update,
                                              threat: ThreatModel(labels: .known(labels), normStatistics: .none), images: images)
            XCTAssertLessThan(terms[.update]!, 1e-5 * configuration.updateWeight + 1e-7, "\(distance): \(terms)")
        }
        // T = 1: the recovered statistics are exactly the batch statistics of the client's forward
        // pass at θ_g.
        let (single, truth) = AttackFixtures.update(model: model, global: global, images: images, labels: labels, batchSize: 4)
        let recovered = BatchStatisticsRecovery.recover(global: global, delta: single.delta, momentum: 0.1)
        for (target, step) in zip(recovered, truth[0]) {
            XCTAssertEqual(target.layer, step.layer)
            for (a, b) in zip(target.mean.scalars, step.mean.scalars) { XCTAssertEqual(a, b, accuracy: 1e-5 * max(1, abs(b))) }
            for (a, b) in zip(target.unbiasedVariance.scalars, step.unbiasedVariance.scalars) {
                XCTAssertEqual(a, b, accuracy: 1e-5 * max(1, abs(b)))
            }
        }
    }

    /// The BN term against recovered statistics vanishes at the truth only when X's statistics are
    /// taken where the client's were: the simulated steps combined with the recovery's mixture
    /// weights (exact for every T), or the global model θ_g for T = 1. The θ_g + Δ of docs/PAPER.md "The baseline attack" is off
    /// at the truth (the client's forward pass ran before its update).
    func testNormTermAtTheTruthDependsOnWhereStatisticsAreMatched() throws {
        let (model, global, images) = AttackFixtures.smallResNetCase(modelSeed: 8, imageSeed: 9)
        let labels = [3, 0, 9, 5]
        let payload = ServerPayload(round: 0, global: global)
        var configuration = BaselineAttack.tuned(iterations: 1).configuration
        configuration.updateWeight = 0; configuration.tvWeight = 0; configuration.l2Weight = 0
        configuration.normWeight = 1; configuration.normScaling = .relative
        let threat = ThreatModel(labels: .known(labels), normStatistics: .recoveredFromUpdate)
        func normTerm(_ matching: InversionConfiguration.NormMatching, batchSize: Int) throws -> Float {
            configuration.normMatching = matching
            let (update, _) = AttackFixtures.update(model: model, global: global, images: images, labels: labels,
                                                    batchSize: batchSize, learningRate: 0.1)
            return try AttackProbe.terms(model: model, configuration: configuration, payload: payload, update: update,
                                         threat: threat, images: images)[.bn]!
        }
        for batchSize in [4, 2, 1] {  // T = 1, 2, 4
            XCTAssertLessThan(try normTerm(.simulatedSteps, batchSize: batchSize), 1e-3, "T = \(4 / batchSize)")
            XCTAssertGreaterThan(try normTerm(.updatedModel, batchSize: batchSize), 1e-2, "T = \(4 / batchSize)")
        }
        XCTAssertLessThan(try normTerm(.globalModel, batchSize: 4), 1e-3)
        XCTAssertGreaterThan(try normTerm(.globalModel, batchSize: 2), 1e-2)
    }

    /// With BN in eval mode the unrolled simulation must train in eval mode too (it used to train
    /// in train mode, so the update term did not vanish at the truth for the earlier attacks'
    /// favourable setting).
    func testSimulationFollowsTheClientsNormMode() throws {
        let model = ResNet.mini(width: 4)
        let global = model.initialState(seed: 2)
        var generator = RandomGenerator(seed: 3)
        let images = Tensor.randomUniform([2, 1, 32, 32], generator: &generator)
        let labels = [4, 6]
        let (update, _) = AttackFixtures.update(model: model, global: global, images: images, labels: labels,
                                                batchSize: 2, bnTrainMode: false)
        var configuration = InvertingGradients(iterations: 1).configuration
        configuration.tvWeight = 0
        for simulation in [InversionConfiguration.Simulation.unrolled, .singleGradient] {
            configuration.simulation = simulation
            let terms = try AttackProbe.terms(model: model, configuration: configuration, payload: ServerPayload(round: 0, global: global),
                                              update: update, threat: ThreatModel(labels: .known(labels), normStatistics: .none),
                                              images: images)
            XCTAssertLessThan(terms[.update]!, 1e-5, "\(simulation)")
        }
    }
}

final class LabelRecoveryTests: XCTestCase {
    /// GradInversion's batch labels: one label per image, the true ones when labels do not repeat,
    /// and still one per image when there are more images than classes.
    func testBatchLabelsGiveOneLabelPerImage() {
        let model = ResNet.mini(width: 4, imageSize: 16)
        let global = model.initialState(seed: 8)
        var generator = RandomGenerator(seed: 9)
        let images = Tensor.randomUniform([3, 1, 16, 16], generator: &generator)
        let (update, _) = AttackFixtures.update(model: model, global: global, images: images, labels: [7, 2, 5], batchSize: 3)
        XCTAssertEqual(LabelRecovery.batchLabels(update: update, classifierWeight: "fc.weight", count: 3), [2, 5, 7])
        let many = Tensor.randomUniform([12, 1, 16, 16], generator: &generator)
        let (large, _) = AttackFixtures.update(model: model, global: global, images: many, labels: Array(0..<12).map { $0 % 10 }, batchSize: 12)
        let labels = LabelRecovery.batchLabels(update: large, classifierWeight: "fc.weight", count: 12)
        XCTAssertEqual(labels.count, 12)
        XCTAssertEqual(Set(labels), Set(0..<10))
    }
}
