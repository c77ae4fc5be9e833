import Attacks
import Autodiff
import Exchange
import Foundation
import Kernels
import Leakage
import NN
import XCTest

/// Development harness for tuning the attacks on the tuning images (docs/tuning.md). Skipped unless
/// `SCRATCH_IT` is set. Knobs (environment):
/// - `SCRATCH_ATTACK`: tuned (default) | paper | released | ig | gi | dlg | idlg
/// - `SCRATCH_IMAGES`: comma-separated tuning offsets (default 0,1,2,3,4); `SCRATCH_SIZE` (32)
/// - `SCRATCH_MODEL`: resnet (default) | lenet; `SCRATCH_WIDTH` (16); `SCRATCH_MSEED` (model seed, 1)
/// - `SCRATCH_B`: batch size of the client (1); `SCRATCH_N`: images (1; consecutive tuning images)
/// - `SCRATCH_EVAL`: client trains with BN in eval mode; `SCRATCH_KNOWN`: labels known
/// - `SCRATCH_NORM`: recovered (default) | none | global | oracle
/// - configuration: `SCRATCH_LR UP BN TV L2 DIST(l2|sq|cos) NOBOX NOLANGEVIN LANGEVIN INIT(uniform|prior|normal)
///   LABELS(joint|single|batch) MATCH(updated|global|sim) SCHED(const|cos|step) WARMUP OPT(adam|signed) B1 B2 RESTARTS
///   GROUP TVKIND(frob|mean) SEED`
/// - `SCRATCH_PROBE`: print the objective's terms at the truth and at the prior
/// - `SCRATCH_TAG`: output /tmp/scratch-TAG.pgm (rows: original, prior, reconstruction)
final class BaselineScratchTests: XCTestCase {
    func testScratchBaseline() throws {
        let env = ProcessInfo.processInfo.environment
        try XCTSkipIf(env["SCRATCH_IT"] == nil, "diagnostic: set SCRATCH_IT=<iterations> to run it")
        let iterations = try XCTUnwrap(env["SCRATCH_IT"].flatMap(Int.init), "SCRATCH_IT must be an integer")
        func value(_ key: String) -> String? { env["SCRATCH_" + key] }
        func float(_ key: String) -> Float? { value(key).flatMap(Float.init) }
        let size = value("SIZE").flatMap(Int.init) ?? 32
        let offsets = (value("IMAGES") ?? "0,1,2,3,4").split(separator: ",").compactMap { Int($0) }
        let n = value("N").flatMap(Int.init) ?? 1
        let batch = value("B").flatMap(Int.init) ?? 1
        let model: any Model = value("MODEL") == "lenet"
            ? LeNet(imageSize: size) : ResNet.mini(width: value("WIDTH").flatMap(Int.init) ?? 16, imageSize: size)
        let global = model.initialState(seed: value("MSEED").flatMap(UInt64.init) ?? 1)
        let prior = try TuningData.prior(size: size)

        var configuration: InversionConfiguration
        switch value("ATTACK") ?? "tuned" {
        case "paper": configuration = BaselineAttack.paper(iterations: iterations).configuration
        case "released": configuration = BaselineAttack.releasedCode(iterations: iterations).configuration
        case "ig": configuration = InvertingGradients(iterations: iterations, restarts: 1).configuration
        case "gi": configuration = GradInversion(iterations: iterations).configuration
        case "dlg": configuration = DLG(iterations: iterations, restarts: 1).configuration
        case "idlg": configuration = IDLG(iterations: iterations, restarts: 1).configuration
        default: configuration = BaselineAttack.tuned(iterations: iterations).configuration
        }
        if let v = float("LR") { configuration.learningRate = v }
        if let v = float("UP") { configuration.updateWeight = v }
        if let v = float("BN") { configuration.normWeight = v }
        if let v = float("TV") { configuration.tvWeight = v }
        if let v = float("L2") { configuration.l2Weight = v }
        if let v = float("LANGEVIN") { configuration.langevinScale = v }
        if value("NOLANGEVIN") != nil { configuration.langevinScale = 0 }
        if value("NOBOX") != nil { configuration.boxConstraint = false }
        if value("BOX") != nil { configuration.boxConstraint = true }
        switch value("DIST") { case "l2": configuration.distance = .l2; case "sq": configuration.distance = .squaredL2
        case "cos": configuration.distance = .cosine; default: break }
        switch value("INIT") { case "uniform": configuration.initialization = .uniform; case "prior": configuration.initialization = .prior
        case "normal": configuration.initialization = .normal; default: break }
        switch value("LABELS") { case "joint": configuration.labels = .joint; case "single": configuration.labels = .analyticSingle
        case "batch": configuration.labels = .analyticBatch; default: break }
        switch value("MATCH") { case "updated": configuration.normMatching = .updatedModel
        case "global": configuration.normMatching = .globalModel; case "sim": configuration.normMatching = .simulatedSteps; default: break }
        let warmup = value("WARMUP").flatMap(Int.init) ?? min(100, iterations / 10)
        switch value("SCHED") { case "const": configuration.schedule = .constant; case "step": configuration.schedule = .stepDecay
        case "cos": configuration.schedule = .warmupCosine(warmup: warmup); default: break }
        if value("WARMUP") != nil, value("SCHED") == nil { configuration.schedule = .warmupCosine(warmup: warmup) }
        switch value("OPT") {
        case "adam": configuration.optimizer = .adam(beta1: float("B1") ?? 0.9, beta2: float("B2") ?? 0.999)
        case "signed": configuration.optimizer = .signedAdam(beta1: float("B1") ?? 0.9, beta2: float("B2") ?? 0.999)
        default: break
        }
        if value("RELBN") != nil { configuration.normScaling = .relative }
        if let v = value("RESTARTS").flatMap(Int.init) { configuration.restarts = v }
        if let v = value("GROUP").flatMap(Int.init) { configuration.groupSize = v }
        switch value("TVKIND") { case "frob": configuration.totalVariation = .frobenius; case "mean": configuration.totalVariation = .meanAbsolute
        default: break }
        configuration.progressInterval = value("QUIET") != nil ? 0 : max(1, iterations / 4)
        let attack = BaselineAttack(name: value("ATTACK") ?? "tuned", configuration: configuration)
        print("SCRATCH config", configuration)

        var rows: [[Tensor]] = [[], [], []]
        var ssims: [Double] = [], rdlvs: [Double] = [], minMaxRDLVs: [Double] = [], seconds: [Double] = []
        for offset in offsets {
            let items = try (0..<n).map { try TuningData.image(offset + $0, size: size) }
            let images = concatenate(items.map(\.image), axis: 0)
            let labels = items.map(\.label)
            let (update, truth) = AttackFixtures.update(model: model, global: global, images: images, labels: labels,
                                                        batchSize: batch, bnTrainMode: value("EVAL") == nil)
            let norm: NormStatisticsKnowledge = switch value("NORM") {
            case "none": .none
            case "global": .globalRunning
            case "oracle": .oracle(truth)
            default: model is LeNet || value("EVAL") != nil ? .none : .recoveredFromUpdate
            }
            let threat = ThreatModel(labels: value("KNOWN") != nil ? .known(labels) : .unknown, normStatistics: norm)
            let payload = ServerPayload(round: 0, global: global)
            if value("PROBE") != nil {
                for (name, x) in [("truth", images), ("prior", concatenate(Array(repeating: prior, count: n), axis: 0))] {
                    let truthLogits = Tensor(shape: [n, model.classes]) { b in
                        for i in 0..<n { for k in 0..<model.classes { b[i * model.classes + k] = k == labels[i] ? 20 : 0 } }
                    }
                    let terms = try AttackProbe.terms(model: model, configuration: configuration, payload: payload, update: update,
                                                      threat: threat, images: x, labelLogits: truthLogits)
                    print("SCRATCH probe image \(offset) at \(name):", terms.sorted { $0.key < $1.key })
                }
            }
            var start = prior
            if let sigma = float("INITTRUTH") {
                // Diagnostic: start from the truth plus N(0, sigma²) noise (n = 1 only).
                var generator = RandomGenerator(seed: 99)
                start = Tensor(shape: images.shape, scalars: images.scalars.map { min(max($0 + sigma * generator.nextNormal(), 0), 1) })
            }
            let result = try attack.reconstruct(model: model, payload: payload, update: update, threat: threat, prior: start,
                                                seed: value("SEED").flatMap(UInt64.init) ?? 1)
            for i in 0..<n {
                let original = images.sliced(axis: 0, i..<(i + 1)), reconstruction = result.images.sliced(axis: 0, i..<(i + 1))
                let clamped = reconstruction.scalars.map { min(max($0, 0), 1) }
                let low = clamped.min()!, high = clamped.max()!
                let rescaled = reconstruction.scalars.map { high > low ? ($0 - low) / (high - low) : 0 }
                let ssim = try StructuralSimilarity.ssim(clamped, original.scalars, shape: original.shape, dataRange: 1)
                let minMaxSSIM = try StructuralSimilarity.ssim(rescaled, original.scalars, shape: original.shape, dataRange: 1)
                let priorSSIM = try StructuralSimilarity.ssim(prior, original, dataRange: 1)
                let rdlv = (ssim - priorSSIM) / priorSSIM
                ssims.append(ssim); rdlvs.append(rdlv); minMaxRDLVs.append((minMaxSSIM - priorSSIM) / priorSSIM)
                seconds.append(result.seconds)
                rows[0].append(original); rows[1].append(prior); rows[2].append(reconstruction)
                let terms = result.finalTerms.sorted { $0.key < $1.key }.map { "\($0.key) \(String(format: "%.4g", $0.value))" }
                print(String(format: "SCRATCH image %d label %d guess %d: ssim %.3f prior %.3f rdlv %+.3f (min-max %+.3f) mse %.4f (%.1f s) ",
                             offset + i, labels[i], result.labels[i], ssim, priorSSIM, rdlv, minMaxRDLVs.last!,
                             AttackFixtures.mse(reconstruction, original), result.seconds) + terms.joined(separator: ", "))
            }
        }
        func median(_ v: [Double]) -> Double { let s = v.sorted(); return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2 }
        let settings = env.filter { $0.key.hasPrefix("SCRATCH") }.sorted { $0.key < $1.key }.map { "\($0.key.dropFirst(8))=\($0.value)" }
        print(String(format: "SCRATCH SUMMARY median ssim %.3f median rdlv %+.3f (min-max %+.3f) rdlv>0.3: %d/%d ssim>0.9: %d  ms/it %.1f | ", median(ssims), median(rdlvs), median(minMaxRDLVs),
                     rdlvs.filter { $0 > 0.3 }.count, rdlvs.count, ssims.filter { $0 > 0.9 }.count, seconds.reduce(0, +) / Double(seconds.count) / Double(iterations) * 1000)
              + settings.joined(separator: " "))
        writePGM("/tmp/scratch-\(value("TAG") ?? "x").pgm", rows, size: size)
    }
}

/// Writes a grid of [1, 1, S, S] images in [0, 1] as a binary PGM (rows × columns, 4× nearest upscaling).
func writePGM(_ path: String, _ rows: [[Tensor]], size: Int, scale: Int = 4) {
    let columns = rows.map(\.count).max() ?? 0
    let cell = size * scale, gap = 4
    let w = columns * cell + max(columns - 1, 0) * gap, h = rows.count * cell + max(rows.count - 1, 0) * gap
    var pixels = [UInt8](repeating: 255, count: w * h)
    for (r, row) in rows.enumerated() {
        for (c, image) in row.enumerated() {
            let v = image.scalars
            for i in 0..<cell {
                for j in 0..<cell {
                    pixels[(r * (cell + gap) + i) * w + c * (cell + gap) + j] = UInt8(max(0, min(255, v[(i / scale) * size + j / scale] * 255)))
                }
            }
        }
    }
    FileManager.default.createFile(atPath: path, contents: Data(Array("P5\n\(w) \(h)\n255\n".utf8) + pixels))
}

extension BaselineScratchTests {
    /// Diagnostics: per-entry norms of the update, per-layer BN distances at the prior.
    func testScratchDiagnostics() throws {
        let env = ProcessInfo.processInfo.environment
        try XCTSkipIf(env["SCRATCH_DIAG"] == nil, "diagnostic: set SCRATCH_DIAG=1 to run it")
        let model = ResNet.mini(width: env["SCRATCH_WIDTH"].flatMap(Int.init) ?? 16)
        let global = model.initialState(seed: 1)
        let (image, label) = try TuningData.image(env["SCRATCH_IMAGE"].flatMap(Int.init) ?? 0)
        let prior = try TuningData.prior()
        let (update, truth) = AttackFixtures.update(model: model, global: global, images: image, labels: [label], batchSize: 1)
        for name in global.trainableNames {
            let d = update.delta[name]
            print(String(format: "SCRATCH delta %-28@ count %6d norm %.3e", name as NSString, d.count, d.l2Norm(epsilon: 0).item))
        }
        let priorStats = model.forward(prior, state: global, mode: .train).batchStatistics
        for (p, t) in zip(priorStats, truth[0]) {
            print(String(format: "SCRATCH bn %-28@ mean dist %.3e (|mu| %.3e) var dist %.3e (|var| %.3e)", p.layer as NSString,
                         (p.mean - t.mean).l2Norm(epsilon: 0).item, t.mean.l2Norm(epsilon: 0).item,
                         (p.unbiasedVariance - t.unbiasedVariance).l2Norm(epsilon: 0).item, t.unbiasedVariance.l2Norm(epsilon: 0).item))
        }
    }
}

extension BaselineScratchTests {
    /// Diagnostics: directional derivative of each objective term at a point vs central finite differences.
    func testScratchGradientCheck() throws {
        let env = ProcessInfo.processInfo.environment
        try XCTSkipIf(env["SCRATCH_GRADCHECK"] == nil, "diagnostic: set SCRATCH_GRADCHECK=1 to run it")
        let model = ResNet.mini(width: env["SCRATCH_WIDTH"].flatMap(Int.init) ?? 16)
        let global = model.initialState(seed: 1)
        let (image, label) = try TuningData.image(0)
        let prior = try TuningData.prior()
        let (update, _) = AttackFixtures.update(model: model, global: global, images: image, labels: [label], batchSize: 1)
        let payload = ServerPayload(round: 0, global: global)
        var generator = RandomGenerator(seed: 3)
        let point = (prior * 0.5 + image * 0.5).scalars
        let direction = (0..<point.count).map { _ in generator.nextNormal() / 32 }
        for (termName, up, bn, tv) in [("update", Float(1), Float(0), Float(0)), ("bn", 0, 1, 0), ("tv", 0, 0, 1)] {
            for distance in [UpdateDistance.cosine, .l2] where termName == "update" || distance == .cosine {
                var configuration = BaselineAttack.tuned(iterations: 1).configuration
                configuration.updateWeight = up; configuration.normWeight = bn; configuration.tvWeight = tv; configuration.l2Weight = 0
                configuration.distance = distance
                configuration.normMatching = env["SCRATCH_MATCH"] == "updated" ? .updatedModel : .simulatedSteps
                let threat = ThreatModel(labels: .known([label]), normStatistics: .recoveredFromUpdate)
                func loss(_ t: Float) throws -> Float {
                    let x = Tensor(shape: image.shape, scalars: zip(point, direction).map { $0 + t * $1 })
                    return try AttackProbe.terms(model: model, configuration: configuration, payload: payload, update: update,
                                                 threat: threat, images: x)["total"]!
                }
                // Autodiff directional derivative through the engine's objective.
                let analytic = try AttackProbe.gradient(model: model, configuration: configuration, payload: payload, update: update,
                                                        threat: threat, images: Tensor(shape: image.shape, scalars: point))
                let directional = zip(analytic.scalars, direction).map { $0 * $1 }.reduce(0, +)
                print("SCRATCH loss(0) twice", try loss(0), try loss(0))
                if env["SCRATCH_GRID"] != nil, termName == "update" {
                    print("SCRATCH grid", try stride(from: -20, through: 20, by: 1).map { String(format: "%.5f", try loss(Float($0) * 1e-4)) }.joined(separator: " "))
                }
                for h: Float in [1e-1, 3e-2, 1e-2, 3e-3, 1e-3, 3e-4] {
                    let numeric = (try loss(h) - loss(-h)) / (2 * h)
                    print(String(format: "SCRATCH gradcheck %@ %@ h %.0e: autodiff %.6e numeric %.6e", termName, distance.rawValue, h, directional, numeric))
                }
            }
        }
    }
}
