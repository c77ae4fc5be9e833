@testable import Attacks
import Autodiff
import Exchange
import Kernels
import NN
import XCTest

/// The engine evaluates the objective's independent term groups on separate graphs (and threads)
/// and sums their gradients: that must equal the gradient of the whole objective.
final class TermGroupTests: XCTestCase {
    func testGroupsPartitionTheTermsAndTheirGradientsSumToTheWholeGradient() throws {
        let (model, global, images) = AttackFixtures.smallResNetCase(modelSeed: 6, imageSeed: 7)
        let labels = [3, 1, 4, 1]
        let (update, truth) = AttackFixtures.update(model: model, global: global, images: images, labels: labels, batchSize: 2)
        let payload = ServerPayload(round: 0, global: global)
        let configuration = BaselineAttack.paper(iterations: 1).configuration
        var generator = RandomGenerator(seed: 17)
        for threat in [ThreatModel.server, ThreatModel(labels: .unknown, normStatistics: .oracle(truth))] {
            let objective = try InversionObjective(model: model, configuration: configuration, payload: payload,
                                                   update: update, threat: threat)
            let groups = objective.independentTermGroups
            XCTAssertEqual(groups.reduce(0) { $0 + $1.count }, Set(groups.flatMap { $0 }).count, "groups overlap: \(groups)")
            XCTAssertEqual(Set(groups.flatMap { $0 }), Set(LossTerm.components))

            let x = Tensor.randomUniform([4, 1, 32, 32], generator: &generator).requiringGradient()
            let y = Tensor.randomNormal([4, 10], generator: &generator).requiringGradient()
            let whole = objective.evaluate(x: x, y: y)
            XCTAssertEqual(whole.map(\.name), [.update, .bn, .tv, .l2])
            let wholeGradients = gradients(of: whole.map(\.value).reduce(Tensor(0), +), wrt: [x, y])

            var summed = [Tensor.zeros(x.shape), Tensor.zeros(y.shape)]
            var values: [LossTerm: Float] = [:]
            for group in groups {
                let terms = objective.evaluate(x: x, y: y, only: group)
                XCTAssertEqual(Set(terms.map(\.name)), group)
                for term in terms { values[term.name] = term.value.item }
                let g = gradients(of: terms.map(\.value).reduce(Tensor(0), +), wrt: [x, y])
                summed = withoutRecording { zip(summed, g).map { $0 + $1 } }
            }
            for term in whole { XCTAssertEqual(values[term.name]!, term.value.item, accuracy: 1e-6 * max(1, abs(term.value.item))) }
            for (a, b) in zip(summed, wholeGradients) {
                let scale = b.scalars.map(abs).max()!
                XCTAssertGreaterThan(scale, 0)
                for (u, v) in zip(a.scalars, b.scalars) { XCTAssertEqual(u, v, accuracy: 1e-4 * scale) }
            }
        }
    }
}
