import Attacks
import Autodiff
import Exchange
import Kernels
import NN
import XCTest
import Foundation
import Leakage

final class BaselineScratchTests: XCTestCase {
    func testScratchBaseline() throws {
        let env = ProcessInfo.processInfo.environment
        guard let iterations = env["SCRATCH_IT"].flatMap(Int.init) else { return }
        let model = ResNet.mini(width: 16)
        let global = model.initialState(seed: 1)
        let image = AttackFixtures.syntheticImage(size: 32)
        let (update, truth) = AttackFixtures.update(model: model, global: global, images: image, labels: [3], batchSize: 1, bnTrainMode: env["SCRATCH_EVAL"] == nil)
        let prior = Tensor(repeating: 0.4, shape: [1, 1, 32, 32])
        let variant = env["SCRATCH_VARIANT"] ?? "tuned"
        var attack = variant == "paper" ? BaselineAttack.paper(iterations: iterations) : BaselineAttack.tuned(iterations: iterations)
        if variant == "idlg" { attack = BaselineAttack(name: "idlg", configuration: IDLG(iterations: iterations, restarts: 1).configuration) }
        if variant == "ig" { attack = BaselineAttack(name: "ig", configuration: InvertingGradients(iterations: iterations, restarts: 1).configuration) }
        if let d = env["SCRATCH_SIM"] { attack.configuration.simulation = d == "single" ? .singleGradient : .unrolled }
        if env["SCRATCH_INIT"] == "uniform" { attack.configuration.initialization = .uniform }
        if env["SCRATCH_NOBOX"] != nil { attack.configuration.boxConstraint = false }
        if let tv = env["SCRATCH_TV"].flatMap(Float.init) { attack.configuration.tvWeight = tv }
        if let bn = env["SCRATCH_BN"].flatMap(Float.init) { attack.configuration.normWeight = bn }
        if let up = env["SCRATCH_UP"].flatMap(Float.init) { attack.configuration.updateWeight = up }
        attack.configuration.progressInterval = iterations / 5
        if let lr = env["SCRATCH_LR"].flatMap(Float.init) { attack.configuration.learningRate = lr }
        if env["SCRATCH_DIST"] == "l2" { attack.configuration.distance = .l2 }
        if env["SCRATCH_DIST"] == "sq" { attack.configuration.distance = .squaredL2 }
        if env["SCRATCH_NOLANGEVIN"] != nil { attack.configuration.langevinScale = 0 }
        let threat = env["SCRATCH_KNOWN"] != nil ? ThreatModel(labels: .known([3]), normStatistics: env["SCRATCH_NOBNPRIOR"] != nil ? .none : .recoveredFromUpdate) : ThreatModel.server
        let result = try attack.reconstruct(model: model, payload: ServerPayload(round: 0, global: global), update: update,
                                            threat: threat, prior: prior, seed: 1)
        print("SCRATCH", env.filter { $0.key.hasPrefix("SCRATCH") }.sorted { $0.key < $1.key }, "mse", AttackFixtures.mse(result.images, image), "prior mse", AttackFixtures.mse(prior, image),
              "labels", result.labels, "terms", result.finalTerms, "seconds", result.seconds, "per-it ms", result.seconds / Double(iterations) * 1000)
        _ = truth
        let ssim = try StructuralSimilarity.ssim(result.images, image, dataRange: 1)
        let priorSSIM = try StructuralSimilarity.ssim(prior, image, dataRange: 1)
        print("SCRATCH ssim", ssim, "prior ssim", priorSSIM, "rdlv", (ssim - priorSSIM) / priorSSIM)
        let tag = env["SCRATCH_TAG"] ?? "x"
        writePGM("/tmp/scratch-\(tag).pgm", [image, prior, result.images], size: 32)
    }
}

func writePGM(_ path: String, _ images: [Tensor], size: Int, scale: Int = 4) {
    let w = size * scale * images.count + (images.count - 1) * 4, h = size * scale
    var bytes = Array("P5\n\(w) \(h)\n255\n".utf8)
    for i in 0..<h {
        for (k, image) in images.enumerated() {
            let v = image.scalars
            for j in 0..<(size * scale) { bytes.append(UInt8(max(0, min(255, v[(i / scale) * size + j / scale] * 255)))) }
            if k < images.count - 1 { bytes += [255, 255, 255, 255] }
        }
    }
    FileManager.default.createFile(atPath: path, contents: Data(bytes))
}
