import Attacks
import Autodiff
import Exchange
import Experiments
import Leakage
import NN
import XCTest

/// Inverting Gradients and GradInversion in their favourable settings (docs/tuning.md) on a small
/// resnet-mini (width 8, 16×16 tuning images, fixed seeds), and the same attacks where their
/// assumptions fail. Thresholds were set below the measured values with margin (see each test).
final class FavourableSettingTests: XCTestCase {
    static let size = 16

    /// SSIM (images clamped to [0, 1], data range 1) and RDLV relative to the prior, per image.
    func scores(_ reconstruction: Tensor, _ originals: Tensor, prior: Tensor) throws -> (ssim: [Double], rdlv: [Double]) {
        var ssim: [Double] = [], rdlv: [Double] = []
        for i in 0..<originals.shape[0] {
            let original = originals.sliced(axis: 0, i..<(i + 1))
            let clamped = reconstruction.sliced(axis: 0, i..<(i + 1)).scalars.map { min(max($0, 0), 1) }
            let s = try StructuralSimilarity.ssim(clamped, original.scalars, shape: original.shape, dataRange: 1)
            let p = try StructuralSimilarity.ssim(prior, original, dataRange: 1)
            ssim.append(s); rdlv.append((s - p) / p)
        }
        return (ssim, rdlv)
    }

    /// One tuning image, one gradient step with BN in `bnTrainMode`, attacked by Inverting Gradients
    /// with the label known and no BN prior.
    func invertingGradients(bnTrainMode: Bool) throws -> (ssim: Double, rdlv: Double) {
        let model = ResNet.mini(width: 8, imageSize: Self.size)
        let global = model.initialState(seed: 1)
        let (image, label) = try TuningData.image(0, size: Self.size)
        let (update, _) = AttackFixtures.update(model: model, global: global, images: image, labels: [label], batchSize: 1,
                                                bnTrainMode: bnTrainMode)
        let result = try InvertingGradients(iterations: 300, restarts: 1)
            .reconstruct(model: model, payload: ServerPayload(round: 0, global: global), update: update,
                         threat: ThreatModel(labels: .known([label]), normStatistics: .none), seed: 3)
        let s = try scores(result.images, image, prior: TuningData.prior(size: Self.size))
        print("Inverting Gradients, BN \(bnTrainMode ? "train" : "eval") mode: SSIM", s.ssim[0], "RDLV", s.rdlv[0],
              "terms", result.finalTerms, "seconds", result.seconds)
        return (s.ssim[0], s.rdlv[0])
    }

    /// Measured: SSIM 0.85, RDLV 1.56 (300 iterations, 1 restart).
    func testInvertingGradientsReconstructsOneImageFromOneGradient() throws {
        let score = try invertingGradients(bnTrainMode: false)
        XCTAssertGreaterThan(score.rdlv, 0.5)
        XCTAssertGreaterThan(score.ssim, 0.4)
    }

    /// The same attack with BN in train mode: the matching loss gives no path to the image
    /// (docs/tuning.md). Measured: RDLV −1.19.
    func testInvertingGradientsFailsWithBatchNormInTrainMode() throws {
        let score = try invertingGradients(bnTrainMode: true)
        XCTAssertLessThan(score.rdlv, 0.3)
    }

    /// Two tuning images (labels 9 and 2) in one batch, one local step with BN in train mode,
    /// attacked by GradInversion with the labels known and the BN statistics `norm`.
    func gradInversion(oracle: Bool) throws -> (ssim: [Double], rdlv: [Double]) {
        let model = ResNet.mini(width: 8, imageSize: Self.size)
        let global = model.initialState(seed: 1)
        let items = try [0, 1].map { try TuningData.image($0, size: Self.size) }
        let images = concatenate(items.map(\.image), axis: 0), labels = items.map(\.label)
        let (update, truth) = AttackFixtures.update(model: model, global: global, images: images, labels: labels, batchSize: 2)
        let threat = ThreatModel(labels: .known(labels), normStatistics: oracle ? .oracle(truth) : .globalRunning)
        let result = try GradInversion(iterations: 400)
            .reconstruct(model: model, payload: ServerPayload(round: 0, global: global), update: update, threat: threat, seed: 5)
        let s = try scores(result.images, images, prior: TuningData.prior(size: Self.size))
        print("GradInversion, \(oracle ? "oracle" : "running") statistics: SSIM", s.ssim, "RDLV", s.rdlv,
              "terms", result.finalTerms, "seconds", result.seconds)
        return s
    }

    /// Measured (400 iterations): SSIM 0.67 and 0.57, RDLV 1.02 and 0.06 (the second image, a
    /// pullover, is recognisable but no sharper than the prior's blob by SSIM's measure).
    func testGradInversionWithOracleBatchStatisticsReconstructsASmallBatch() throws {
        let score = try gradInversion(oracle: true)
        XCTAssertGreaterThan(score.rdlv.max()!, 0.5)
        XCTAssertGreaterThan(score.ssim.min()!, 0.4)
    }

    /// Measured: SSIM 0.04 and −0.12, RDLV −0.88 and −1.22 with the global running statistics as the
    /// BN prior.
    func testGradInversionWithRunningStatisticsOnlyFails() throws {
        let score = try gradInversion(oracle: false)
        XCTAssertLessThan(score.rdlv.max()!, 0.3)
        XCTAssertLessThan(score.ssim.max()!, 0.4)
    }
}
