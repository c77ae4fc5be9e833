import Attacks
import Autodiff
import Exchange
import Kernels
import NN
import XCTest

/// iDLG's sign rule on real one-image, one-step updates (Δ = −lr·g, so the rule reads g = −Δ/lr):
/// for 2 classes (the paper's COVID / normal task) as for 10, with the CIFAR and the torchvision
/// stem. With cross-entropy, ∂L/∂W_fc[k] = (p_k − y_k)·h and h ≥ 0 after ReLU and average
/// pooling, so only the true row of g is negative, whatever the probabilities. (The torchvision stem
/// needs 64×64 here: at 32×32 layer4 is 1×1, and train-mode BN of one image's single value per
/// channel outputs β, so the features and the whole FC gradient vanish — PyTorch refuses that input.)
final class LabelSignRuleTests: XCTestCase {
    func recovered(_ model: any Model, label: Int, seed: UInt64, lr: Float = 0.01) -> (single: Int, batch: [Int]) {
        let global = model.initialState(seed: seed)
        var generator = RandomGenerator(seed: seed + 100)
        let image = Tensor.randomUniform([1] + model.inputShape, generator: &generator)
        let (update, _) = AttackFixtures.update(model: model, global: global, images: image, labels: [label], batchSize: 1,
                                                learningRate: lr)
        let name = LabelRecovery.classifierWeightName(global)!
        XCTAssertEqual(name, "fc.weight")
        return (LabelRecovery.singleLabel(update: update, classifierWeight: name),
                LabelRecovery.batchLabels(update: update, classifierWeight: name, count: 1))
    }

    func testTwoClassUpdatesGiveTheirLabel() {
        let models: [any Model] = [ResNet.mini(width: 8, classes: 2), ResNet.resnet18(inChannels: 3, classes: 2, imageSize: 64, width: 8)]
        for model in models {
            for seed: UInt64 in 1...3 {
                for label in 0..<2 {
                    let (single, batch) = recovered(model, label: label, seed: seed)
                    XCTAssertEqual(single, label, "\(model.name) seed \(seed): iDLG")
                    XCTAssertEqual(batch, [label], "\(model.name) seed \(seed): GradInversion's rule")
                }
            }
        }
    }

    /// `revealedLabels`: the label of a one-image update, also after two local steps; nil for a batch.
    func testRevealedLabels() {
        let model = ResNet.mini(width: 8, classes: 2)
        let global = model.initialState(seed: 7)
        var generator = RandomGenerator(seed: 8)
        let image = Tensor.randomUniform([1] + model.inputShape, generator: &generator)
        for label in 0..<2 {
            let (update, _) = AttackFixtures.update(model: model, global: global, images: image, labels: [label], batchSize: 1)
            XCTAssertEqual(LabelRecovery.revealedLabels(update: update, global: global), [label])
            let metadata = TrainingMetadata(images: 1, batchSize: 1, epochs: 2, learningRate: 0.01)
            let twoSteps = LocalTraining(learningRate: 0.01, batchSize: 1, epochs: 2)
                .train(model, from: global, images: image, targets: .hard([label])).state
            let update2 = ClientUpdate(clientID: 0, round: 0, delta: twoSteps - global, metadata: metadata)
            XCTAssertEqual(LabelRecovery.revealedLabels(update: update2, global: global), [label], "two steps")
        }
        let images = Tensor.randomUniform([2] + model.inputShape, generator: &generator)
        let (batch, _) = AttackFixtures.update(model: model, global: global, images: images, labels: [0, 1], batchSize: 2)
        XCTAssertNil(LabelRecovery.revealedLabels(update: batch, global: global))
    }

    func testTenClassUpdatesGiveTheirLabel() {
        let model = ResNet.mini(width: 8, classes: 10)
        for (seed, label) in [(UInt64(1), 0), (2, 3), (3, 9), (4, 6)] {
            XCTAssertEqual(recovered(model, label: label, seed: seed).single, label, "seed \(seed)")
        }
    }

    /// The sign matters: reading Δ itself as the gradient (forgetting the minus of Δ = −lr·g) names
    /// the wrong class for 2 classes — the test would catch a flipped rule.
    func testAFlippedSignWouldBeCaught() {
        let model = ResNet.mini(width: 8, classes: 2)
        let global = model.initialState(seed: 5)
        var generator = RandomGenerator(seed: 6)
        let image = Tensor.randomUniform([1] + model.inputShape, generator: &generator)
        let (update, _) = AttackFixtures.update(model: model, global: global, images: image, labels: [1], batchSize: 1)
        let flipped = ClientUpdate(clientID: 0, round: 0, delta: -1 * update.delta, metadata: update.metadata)
        XCTAssertEqual(LabelRecovery.singleLabel(update: update, classifierWeight: "fc.weight"), 1)
        XCTAssertEqual(LabelRecovery.singleLabel(update: flipped, classifierWeight: "fc.weight"), 0)
    }
}
