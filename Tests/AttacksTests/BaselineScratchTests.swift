import Attacks
import Autodiff
import Exchange
import Kernels
import NN
import XCTest
import Foundation

final class BaselineScratchTests: XCTestCase {
    func testScratchBaseline() throws {
        let env = ProcessInfo.processInfo.environment
        guard let iterations = env["SCRATCH_IT"].flatMap(Int.init) else { return }
        let model = ResNet.mini(width: 16)
        let global = model.initialState(seed: 1)
        let image = AttackFixtures.syntheticImage(size: 32)
        let (update, truth) = AttackFixtures.update(model: model, global: global, images: image, labels: [3], batchSize: 1)
        let prior = Tensor(repeating: 0.4, shape: [1, 1, 32, 32])
        let variant = env["SCRATCH_VARIANT"] ?? "tuned"
        var attack = variant == "paper" ? BaselineAttack.paper(iterations: iterations) : BaselineAttack.tuned(iterations: iterations)
        if let tv = env["SCRATCH_TV"].flatMap(Float.init) { attack.configuration.tvWeight = tv }
        if let bn = env["SCRATCH_BN"].flatMap(Float.init) { attack.configuration.normWeight = bn }
        if let up = env["SCRATCH_UP"].flatMap(Float.init) { attack.configuration.updateWeight = up }
        attack.configuration.progressInterval = iterations / 5
        if let lr = env["SCRATCH_LR"].flatMap(Float.init) { attack.configuration.learningRate = lr }
        if env["SCRATCH_DIST"] == "l2" { attack.configuration.distance = .l2 }
        if env["SCRATCH_NOLANGEVIN"] != nil { attack.configuration.langevinScale = 0 }
        let threat = env["SCRATCH_KNOWN"] != nil ? ThreatModel(labels: .known([3]), normStatistics: .recoveredFromUpdate) : ThreatModel.server
        let result = try attack.reconstruct(model: model, payload: ServerPayload(round: 0, global: global), update: update,
                                            threat: threat, prior: prior, seed: 1)
        print("SCRATCH", env.filter { $0.key.hasPrefix("SCRATCH") }.sorted { $0.key < $1.key }, "mse", AttackFixtures.mse(result.images, image), "prior mse", AttackFixtures.mse(prior, image),
              "labels", result.labels, "terms", result.finalTerms, "seconds", result.seconds, "per-it ms", result.seconds / Double(iterations) * 1000)
        _ = truth
    }
}
