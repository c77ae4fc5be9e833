import Autodiff
import Foundation
import Kernels
import NN
import XCTest

/// torchvision's ResNets (ImageNet stem) against torchvision itself: fixtures written by
/// tools/torchvision_reference.py from a deterministic state both sides compute
/// (`TorchvisionOracle`). The reference runs in float64; we run in Float32.
///
/// Tolerances: every comparison is relative to the oracle tensor's RMS entry (`TorchvisionOracle.errors`).
/// Measured worst errors in Float32 (2026-12-03): ResNet-18 logits 1.0e-5, gradients 4.3e-5, state
/// after the step 3.2e-6; ResNet-50 (logits and the last block's gradients, 53 layers, train-mode BN
/// of 2 images) logits 5.9e-5, gradients 4.6e-4 — PyTorch's own float32 run is as far from its float64
/// one. The bounds leave a factor of 4–45 for other CPUs and summation orders and are still far below
/// what a wrong layer gives (a missing max-pool, a wrong padding or stride, or a BN buffer update off
/// by one step: errors of order 1).
final class TorchvisionResNetTests: XCTestCase {
    let logitTolerance = 5e-4, stateTolerance = 1e-4
    static let gradientTolerance = 2e-3
    /// The 224×224 fixture's gradients sit on ReLU kinks: a 1e-6 relative change of the input moves
    /// their entries by up to 3.8e-2 of RMS (`TorchvisionConditioningTests` measures it and holds
    /// Winograd within that), so with Winograd on, entries are held to this bound — an order of
    /// magnitude below a wrong layer's order-1 errors. The direct kernels alone still meet the
    /// tight bound (checked with Winograd off below).
    static let kinkSensitiveGradientTolerance = 0.1

    func testResNet18At64MatchesTorchvision() throws {
        try check("torchvision_resnet18_64", ResNet.resnet18(inChannels: 3, classes: 10, imageSize: 64))
    }

    func testResNet18At224MatchesTorchvision() throws {
        try check("torchvision_resnet18_224", ResNet.resnet18(inChannels: 3, classes: 2, imageSize: 224),
                  gradientTolerance: Self.kinkSensitiveGradientTolerance)
    }

    func testResNet18At224MatchesTorchvisionTightlyWithoutWinograd() throws {
        let saved = Convolution.prefersWinograd
        Convolution.prefersWinograd = false
        defer { Convolution.prefersWinograd = saved }
        try check("torchvision_resnet18_224", ResNet.resnet18(inChannels: 3, classes: 2, imageSize: 224))
    }

    func testResNet50BottlenecksMatchTorchvision() throws {
        try check("torchvision_resnet50_128", ResNet.resnet50(inChannels: 3, classes: 10, imageSize: 128))
    }

    /// Names, shapes and order of `resnet18/34/50().state_dict()` (1000 classes, 3 channels).
    func testStateDictLayoutsAreTorchvisions() throws {
        let json = try JSONSerialization.jsonObject(with: TorchvisionOracle.load("torchvision_layouts")) as? [String: [[Any]]]
        let layouts = try XCTUnwrap(json)
        let models: [String: ResNet] = ["resnet18": .resnet18(), "resnet34": .resnet34(), "resnet50": .resnet50()]
        for (arch, model) in models {
            let expected = try XCTUnwrap(layouts[arch], arch)
            XCTAssertEqual(model.stateLayout.map(\.name), expected.map { $0[0] as? String ?? "" }, "\(arch) names")
            XCTAssertEqual(model.stateLayout.map(\.shape), expected.map { $0[1] as? [Int] ?? [] }, "\(arch) shapes")
            XCTAssertEqual(model.name, arch)
        }
        // Other input channels and classes change only conv1 and fc.
        let grey = ResNet.resnet18(inChannels: 1, classes: 2).stateLayout
        XCTAssertEqual(grey.first?.shape, [64, 1, 7, 7])
        XCTAssertEqual(grey.suffix(2).map(\.shape), [[2, 512], [2]])
    }

    func check(_ name: String, _ model: ResNet, gradientTolerance: Double = TorchvisionResNetTests.gradientTolerance,
               file: StaticString = #filePath, line: UInt = #line) throws {
        let f = try TorchvisionOracle.fixture(name)
        XCTAssertEqual(model.stateLayout.map(\.name), f.stateNames, "state-dict names and order", file: file, line: line)
        XCTAssertEqual(model.stateLayout.map(\.shape), f.stateShapes, "state-dict shapes", file: file, line: line)
        let initial = TorchvisionOracle.state(model)
        let x = TorchvisionOracle.images(f.images, channels: 3, size: f.size)
        var worst: [String: Double] = [:]
        func compare(_ t: Tensor, _ s: TorchvisionOracle.Summary, _ what: String, _ group: String, _ tolerance: Double) {
            XCTAssertEqual(t.shape, s.shape, "\(name) \(what): shape", file: file, line: line)
            guard t.shape == s.shape else { return }
            let e = TorchvisionOracle.errors(t, s)
            let m = max(e.sum, e.norm, e.entries)
            worst[group] = max(worst[group] ?? 0, m)
            XCTAssertLessThanOrEqual(m, tolerance, "\(name) \(what): relative errors \(e)", file: file, line: line)
        }

        compare(model.forward(x, state: initial, mode: .eval).logits, f.logitsEval, "eval logits", "logits", logitTolerance)
        let names = initial.trainableNames
        let parameters = names.map { initial[$0].requiringGradient() }
        let state = initial.replacing(Dictionary(uniqueKeysWithValues: zip(names, parameters)))
        let logits = model.forward(x, state: state, mode: .train).logits
        compare(logits, f.logitsTrain, "train logits", "logits", logitTolerance)
        let loss = Loss.crossEntropy(logits, .hard(f.labels))
        XCTAssertEqual(Double(loss.item), f.loss, accuracy: 1e-4 * max(1, abs(f.loss)), "\(name) loss", file: file, line: line)
        let grads = Dictionary(uniqueKeysWithValues: zip(names, gradients(of: loss, wrt: parameters)))
        XCTAssertFalse(f.grad.isEmpty)
        for (entry, summary) in f.grad {
            guard let g = grads[entry] else { XCTFail("\(name): no gradient for \(entry)", file: file, line: line); continue }
            compare(g, summary, "grad \(entry)", "gradients", gradientTolerance)
        }
        if let after = f.afterStep {
            let stepped = LocalTraining(learningRate: f.lr, batchSize: f.images).train(model, from: initial, images: x, targets: .hard(f.labels)).state
            XCTAssertEqual(Set(stepped.names), Set(after.keys), "\(name): entries after the step", file: file, line: line)
            for (entry, summary) in after where stepped.tensors[entry] != nil {
                compare(stepped[entry], summary, "after step \(entry)", "state after step", stateTolerance)
            }
            XCTAssertEqual(stepped["layer4.1.bn2.num_batches_tracked"].item, 8, file: file, line: line)
            if let s = f.logitsEvalAfterStep {
                compare(model.forward(x, state: stepped, mode: .eval).logits, s, "eval logits after step", "logits", logitTolerance)
            }
        }
        print("\(name): worst relative errors \(worst.sorted { $0.key < $1.key }.map { "\($0.key) \(String(format: "%.2e", $0.value))" }.joined(separator: ", "))")
    }
}
