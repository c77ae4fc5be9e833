import Attacks
import Autodiff
@testable import Experiments
import NN
import Trials
import XCTest

/// An attack trial on an RGB model fed a grey image (chapter 5: the radiograph replicated to three
/// channels for torchvision's ResNet-18, as torchvision pipelines feed X-rays).
final class AttackSpecChannelsTests: XCTestCase {
    func testAGreyImageIsReplicatedIntoEveryChannel() throws {
        let grey = Tensor(shape: [1, 1, 2, 2], scalars: [0, 0.25, 0.5, 1])
        let rgb = try AttackSpec.matching(grey, channels: 3)
        XCTAssertEqual(rgb.shape, [1, 3, 2, 2])
        XCTAssertEqual(rgb.scalars, grey.scalars + grey.scalars + grey.scalars)
        let prior = try AttackSpec.matching(Tensor(shape: [1, 2, 2], scalars: [1, 2, 3, 4]), channels: 3)
        XCTAssertEqual(prior.shape, [3, 2, 2])
        XCTAssertEqual(try AttackSpec.matching(rgb, channels: 3).scalars, rgb.scalars, "matching channels pass unchanged")
    }

    func testMismatchedColourImagesAreRefused() {
        let two = Tensor(shape: [1, 2, 2, 2], scalars: Array(repeating: 0.5, count: 8))
        XCTAssertThrowsError(try AttackSpec.matching(two, channels: 3)) { error in
            XCTAssertTrue("\(error)".contains("2 channels"), "\(error)")
        }
        XCTAssertThrowsError(try AttackSpec.matching(Tensor(shape: [4], scalars: [0, 0, 0, 0]), channels: 3))
    }

    /// The radiograph's one-step update to a 2-class torchvision ResNet-18 (3 channels, 64×64 to stay
    /// fast; at 32×32 layer4 sees one pixel, train-mode BN zeroes it and the last layer learns nothing)
    /// is attacked end to end by the server that reads the label off the last layer: the outcome
    /// keeps RGB reconstructions, the prior and the loss history, and names the true label (1).
    func testTorchvisionResNet18TrialOnTheRadiograph() throws {
        var spec = AttackSpec(attack: AttackRecipe(.baseline, iterations: 3),
                              model: .torchvisionResNet18(inChannels: 3, classes: 2, imageSize: 64), globalSeed: 1,
                              images: .radiograph(size: 64), batchSize: 1, threat: .serverReadingLabels, seed: 0)
        spec.prior = .blurredRadiograph(size: 64)
        spec.keepImages = true
        XCTAssertEqual(spec.model.model.inputShape, [3, 64, 64])
        let outcome = try spec.run(in: TrialContext(cache: nil, code: "test"))
        XCTAssertEqual(try outcome.reconstructions?.tensor().shape, [1, 3, 64, 64])
        XCTAssertEqual(try outcome.prior?.tensor().shape, [3, 64, 64])
        XCTAssertFalse(outcome.lossHistory?.isEmpty ?? true)
        XCTAssertEqual(outcome.predictedLabels, [1], "a one-image update's label is read off the last layer")
        XCTAssertTrue(outcome.assessment.bestSSIM[0].isFinite)
    }
}
