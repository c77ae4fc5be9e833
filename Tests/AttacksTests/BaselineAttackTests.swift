import Attacks
import Autodiff
import Exchange
import Leakage
import NN
import XCTest

/// Issue #4: the paper's baseline attack succeeds in its own setting — resnet-mini, one image, B = 1,
/// T = 1, BN in train mode, labels unknown, BN statistics recovered from the update — and fails
/// without its BN prior (so a broken BN recovery, BN term or gradient makes the first test fail).
final class BaselineAttackTests: XCTestCase {
    /// RDLV = (SSIM(x̂, x) − SSIM(p, x)) / SSIM(p, x) (PAPER.md), SSIM on [0, 1] images.
    private func rdlv(of normStatistics: NormStatisticsKnowledge?, iterations: Int) throws -> Double {
        let model = ResNet.mini(width: 16)
        let global = model.initialState(seed: 1)
        let (image, label) = try TuningData.image(0)
        let prior = try TuningData.prior()
        let (update, _) = AttackFixtures.update(model: model, global: global, images: image, labels: [label], batchSize: 1)
        let threat = ThreatModel(labels: .unknown, normStatistics: normStatistics ?? .recoveredFromUpdate)
        var configuration = BaselineAttack.tuned(iterations: iterations).configuration
        configuration.progressInterval = 0
        let attack = BaselineAttack(name: "tuned", configuration: configuration)
        let result = try attack.reconstruct(model: model, payload: ServerPayload(round: 0, global: global), update: update,
                                            threat: threat, prior: prior, seed: 1)
        XCTAssertEqual(result.labels, [label], "labels read off the update")
        let clamped = Tensor(shape: result.images.shape, scalars: result.images.scalars.map { min(max($0, 0), 1) })
        let reconstruction = try StructuralSimilarity.ssim(clamped, image, dataRange: 1)
        let baseline = try StructuralSimilarity.ssim(prior, image, dataRange: 1)
        return (reconstruction - baseline) / baseline
    }

    func testBaselineAttackLeaksAOneImageOneStepUpdate() throws {
        let value = try rdlv(of: nil, iterations: 300)
        print("baseline attack, recovered BN statistics: RDLV", value)
        XCTAssertGreaterThan(value, 0.3)
    }

    func testWithoutTheBNPriorTheSameAttackDoesNotLeak() throws {
        let value = try rdlv(of: NormStatisticsKnowledge.none, iterations: 300)
        print("baseline attack, no BN prior: RDLV", value)
        XCTAssertLessThan(value, 0.3)
    }
}
