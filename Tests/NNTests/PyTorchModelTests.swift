import Autodiff
import Foundation
import NN
import XCTest

/// resnet-mini and DLG's LeNet against PyTorch (fixtures written by tools/nn_reference.py; see
/// Fixtures/README.md): state-dict names and layouts, train- and eval-mode logits, the loss, every
/// parameter gradient, and the full state after one SGD step including BN buffers.
final class PyTorchModelTests: XCTestCase {
    func fixture(_ name: String) throws -> StateDict {
        let url = try XCTUnwrap(Bundle.module.url(forResource: name, withExtension: "safetensors", subdirectory: "Fixtures"))
        return try SafeTensors.read(url.path)
    }

    func assertClose(_ a: Tensor, _ b: Tensor, _ what: String, tolerance: Float = 1e-4, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(a.shape, b.shape, what, file: file, line: line)
        let x = a.scalars, y = b.scalars
        let difference = zip(x, y).map { ($0 - $1) * ($0 - $1) }.reduce(0, +).squareRoot()
        let scale = y.map { $0 * $0 }.reduce(0, +).squareRoot()
        XCTAssertLessThanOrEqual(difference, tolerance * max(scale, 1e-3), "\(what): ‖a−b‖ = \(difference), ‖b‖ = \(scale)", file: file, line: line)
    }

    func check(model: any Model, prefix: String) throws {
        let initial = model.ordered(try fixture("\(prefix)_init").modelState)
        XCTAssertEqual(model.validate(initial), [])
        XCTAssertEqual(initial.names, model.stateLayout.map(\.name), "state-dict order")
        let io = try fixture("\(prefix)_io")
        let input = try XCTUnwrap(io["input"]), labels = try XCTUnwrap(io["labels"]).scalars.map { Int($0) }
        let eval = model.forward(input, state: initial, mode: .eval).logits
        assertClose(eval, try XCTUnwrap(io["logits_eval"]), "eval logits")
        // The forward of the training step, its loss and every gradient.
        let names = initial.trainableNames
        let parameters = names.map { initial[$0].requiringGradient() }
        let state = initial.replacing(Dictionary(uniqueKeysWithValues: zip(names, parameters)))
        let train = model.forward(input, state: state, mode: .train).logits
        assertClose(train, try XCTUnwrap(io["logits_train"]), "train logits")
        let loss = Loss.crossEntropy(train, .hard(labels))
        XCTAssertEqual(loss.item, try XCTUnwrap(io["loss"]).item, accuracy: 1e-5)
        for (name, g) in zip(names, gradients(of: loss, wrt: parameters)) {
            assertClose(g, try XCTUnwrap(io["grad.\(name)"]), "grad \(name)")
        }
        // One SGD step of LocalTraining gives PyTorch's state dict, buffers included.
        let after = model.ordered(try fixture("\(prefix)_after_step").modelState)
        let stepped = LocalTraining(learningRate: 0.01, batchSize: labels.count).train(model, from: initial, images: input, targets: .hard(labels)).state
        XCTAssertEqual(stepped.names, after.names)
        for name in after.names { assertClose(stepped[name], after[name], "after step \(name)", tolerance: 2e-5) }
        assertClose(model.forward(input, state: stepped, mode: .eval).logits, try XCTUnwrap(io["logits_eval_after_step"]), "eval after step")
    }

    func testResNetMiniMatchesPyTorch() throws {
        try check(model: ResNet.mini(width: 4), prefix: "resnet_mini")
    }

    func testLeNetMatchesPyTorch() throws {
        try check(model: LeNet(), prefix: "lenet")
    }

    func testSavingAndLoadingAStateRoundTrips() throws {
        let state = try fixture("resnet_mini_after_step").modelState
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("roundtrip-\(UUID()).safetensors").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try SafeTensors.write(state, to: path)
        let loaded = try SafeTensors.readModelState(path)
        XCTAssertEqual(loaded.names, state.names)
        for name in state.names { XCTAssertEqual(loaded[name].scalars, state[name].scalars, name) }
        XCTAssertTrue(try SafeTensors.read(path).isInteger("bn1.num_batches_tracked"))
    }
}
