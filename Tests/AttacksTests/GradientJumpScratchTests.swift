import Attacks
import Autodiff
import Exchange
import Foundation
import Kernels
import NN
import XCTest

/// Diagnostic (skipped unless `SCRATCH_JUMP` is set): how much the client's gradient of one image
/// changes, entry by entry, under a tiny pixel perturbation, with BN in train vs eval mode.
final class GradientJumpScratchTests: XCTestCase {
    func testScratchGradientJumps() throws {
        let env = ProcessInfo.processInfo.environment
        try XCTSkipIf(env["SCRATCH_JUMP"] == nil, "diagnostic: set SCRATCH_JUMP=1 to run it")
        let width = env["SCRATCH_WIDTH"].flatMap(Int.init) ?? 16
        let model = ResNet.mini(width: width)
        let global = model.initialState(seed: 1)
        let (image, label) = try TuningData.image(0)
        let prior = try TuningData.prior()
        var generator = RandomGenerator(seed: 3)
        let base = (prior * 0.5 + image * 0.5)
        let eps = env["SCRATCH_EPS"].flatMap(Float.init) ?? 1e-5
        let direction = (0..<base.count).map { _ in generator.nextNormal() * eps }
        let moved = Tensor(shape: base.shape, scalars: zip(base.scalars, direction).map { $0 + $1 })
        for mode in [NormMode.train(momentum: 0.1), .eval] {
            func gradient(_ x: Tensor) -> [Tensor] {
                let names = global.trainableNames
                let parameters = names.map { global[$0].requiringGradient() }
                let state = global.replacing(Dictionary(uniqueKeysWithValues: zip(names, parameters)))
                let loss = Loss.crossEntropy(model.forward(x, state: state, mode: mode).logits, .hard([label]))
                return gradients(of: loss, wrt: parameters)
            }
            let g0 = gradient(base), g1 = gradient(moved)
            for (name, (a, b)) in zip(global.trainableNames, zip(g0, g1)) {
                let change = (a - b).l2Norm(epsilon: 0).item / max(a.l2Norm(epsilon: 0).item, 1e-30)
                print(String(format: "SCRATCH jump %@ %-28@ |g| %.3e relative change %.3e", "\(mode)", name as NSString,
                             a.l2Norm(epsilon: 0).item, change))
            }
        }
    }
}
