import Autodiff
import Kernels
import NN
import XCTest

final class ModelTrainingTests: XCTestCase {
    func testResNetMiniLayoutFollowsTorchvisionNames() {
        let model = ResNet.mini(width: 4)
        let names = model.stateLayout.map(\.name)
        XCTAssertEqual(names.first, "conv1.weight")
        XCTAssertTrue(names.contains("layer2.0.downsample.0.weight"))
        XCTAssertTrue(names.contains("layer4.0.bn2.num_batches_tracked"))
        XCTAssertFalse(names.contains("layer1.0.downsample.0.weight"))
        XCTAssertEqual(names.suffix(2), ["fc.weight", "fc.bias"])
        // conv1 + bn1 (5) + 4 blocks × (2 convs + 2 BN × 5) + 3 downsamples × (1 + 5) + fc (2)
        XCTAssertEqual(names.count, 1 + 5 + 4 * 12 + 3 * 6 + 2)
        let state = model.initialState(seed: 1)
        XCTAssertEqual(model.validate(state), [])
        XCTAssertEqual(model.forward(.zeros([2, 1, 32, 32]), state: state, mode: .train).logits.shape, [2, 10])
    }

    func testLocalTrainingReducesTheLossAndUpdatesBuffers() {
        let model = ResNet.mini(width: 4, imageSize: 16)
        var generator = RandomGenerator(seed: 3)
        let images = Tensor.randomUniform([8, 1, 16, 16], generator: &generator)
        let labels = Array(0..<8).map { $0 % 4 }
        let training = LocalTraining(learningRate: 0.05, batchSize: 8, epochs: 30)
        let start = model.initialState(seed: 2)
        let result = training.train(model, from: start, images: images, targets: .hard(labels))
        let (trained, losses) = (result.state, result.losses)
        XCTAssertEqual(result.batchStatistics.count, 30)
        XCTAssertEqual(result.batchStatistics[0].map(\.layer).first, "bn1")
        XCTAssertEqual(losses.count, 30)
        XCTAssertLessThan(losses.last!, losses.first! * 0.5, "loss \(losses.first!) → \(losses.last!)")
        XCTAssertEqual(trained["bn1.num_batches_tracked"].item, 30)
        XCTAssertNotEqual(trained["bn1.running_mean"].scalars, start["bn1.running_mean"].scalars)
        XCTAssertFalse(trained["conv1.weight"].requiresGradient)
    }

    /// The attack differentiates the simulated update through T SGD steps with respect to the
    /// images: check that second-order gradient against central finite differences. ReLU networks
    /// are piecewise smooth, so finite differences cross kinks; a smooth conv–BN–sigmoid network
    /// exercises the same machinery (train-mode BN, soft-label cross-entropy, two SGD steps).
    func testSimulatedUpdateIsDifferentiableWithRespectToImages() {
        let model = SmoothNet()
        let start = model.initialState(seed: 5)
        var generator = RandomGenerator(seed: 9)
        let images = Tensor.randomUniform([4, 1, 8, 8], generator: &generator)
        let targetImages = Tensor.randomUniform([4, 1, 8, 8], generator: &generator)
        let soft = Tensor.randomNormal([4, 10], generator: &generator).softmax(axis: 1)
        let training = LocalTraining(learningRate: 0.1, batchSize: 2)
        let names = start.trainableNames
        let target = training.train(model, from: start, images: targetImages, targets: .soft(soft)).state

        func loss(_ x: Tensor) -> Tensor {
            let simulated = training.train(model, from: start, images: x, targets: .soft(soft), createGraph: true).state
            return names.map { (simulated[$0] - target[$0]).squared().sum() }.reduce(Tensor(0), +)
        }
        let x = images.requiringGradient()
        let g = gradient(of: loss(x), wrt: x)
        let direction = Tensor.randomNormal(x.shape, generator: &generator)
        let eps: Float = 3e-3
        let plus = loss(images + direction * eps).item
        let minus = loss(images - direction * eps).item
        let numeric = (plus - minus) / (2 * eps)
        let analytic = (g * direction).sum().item
        XCTAssertEqual(analytic, numeric, accuracy: 2e-2 * max(abs(numeric), 1e-3), "analytic \(analytic) vs numeric \(numeric)")
        XCTAssertGreaterThan(abs(analytic), 1e-6)
    }
}

/// conv → BN(train) → sigmoid → conv/2 → BN → tanh → global average → linear: smooth everywhere.
struct SmoothNet: Model {
    var name: String { "smooth" }
    var inputShape: [Int] { [1, 8, 8] }
    var classes: Int { 10 }
    var stateLayout: [StateEntry] {
        [StateEntry("c1.weight", [3, 1, 3, 3], .weight, .normal(std: 0.5))]
            + BN.entries("b1", 3)
            + [StateEntry("c2.weight", [4, 3, 3, 3], .weight, .normal(std: 0.3))]
            + BN.entries("b2", 4)
            + [StateEntry("fc.weight", [10, 4], .weight, .normal(std: 0.5)), StateEntry("fc.bias", [10], .bias, .zeros)]
    }
    func logits(_ x: Tensor, _ ctx: inout ForwardContext) -> Tensor {
        var h = ctx.batchNorm("b1", ctx.conv("c1", x, padding: 1)).sigmoid()
        h = ctx.batchNorm("b2", ctx.conv("c2", h, stride: 2, padding: 1)).tanh()
        return ctx.linear("fc", h.globalAveragePool())
    }
}

enum BN {
    static func entries(_ name: String, _ c: Int) -> [StateEntry] {
        [StateEntry("\(name).weight", [c], .normWeight, .ones), StateEntry("\(name).bias", [c], .normBias, .zeros),
         StateEntry("\(name).running_mean", [c], .runningMean, .zeros),
         StateEntry("\(name).running_var", [c], .runningVariance, .ones),
         StateEntry("\(name).num_batches_tracked", [], .batchesTracked, .zeros)]
    }
}
