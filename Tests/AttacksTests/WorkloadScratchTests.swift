import Attacks
import Autodiff
import Exchange
import Foundation
import Kernels
import NN
import XCTest

/// The attack workload of docs/DESIGN.md "The benchmark workload" as a dev probe (skipped unless SCRATCH_BENCH is set).
final class WorkloadScratchTests: XCTestCase {
    func testScratchWorkload() throws {
        let env = ProcessInfo.processInfo.environment
        try XCTSkipIf(env["SCRATCH_BENCH"] == nil, "diagnostic: set SCRATCH_BENCH=1 to run it")
        let n = Int(env["SCRATCH_N"] ?? "4")!, b = Int(env["SCRATCH_B"] ?? "2")!, size = Int(env["SCRATCH_SIZE"] ?? "32")!
        let width = Int(env["SCRATCH_W"] ?? "16")!
        let model = ResNet.mini(width: width, imageSize: size)
        let global = model.initialState(seed: 1)
        var generator = RandomGenerator(seed: 2)
        let images = Tensor.randomUniform([n, 1, size, size], generator: &generator)
        let labels = (0..<n).map { $0 % 10 }
        let (update, _) = AttackFixtures.update(model: model, global: global, images: images, labels: labels, batchSize: b)
        let prior = Tensor(repeating: 0.4, shape: [1, 1, size, size])
        let iterations = Int(env["SCRATCH_IT"] ?? "30")!
        let attack = BaselineAttack.paper(iterations: iterations)
        _ = try attack.reconstruct(model: model, payload: ServerPayload(round: 0, global: global), update: update, threat: .server, prior: prior, seed: 1)
        var times: [Double] = []
        for _ in 0..<3 {
            let r = try attack.reconstruct(model: model, payload: ServerPayload(round: 0, global: global), update: update, threat: .server, prior: prior, seed: 1)
            times.append(r.seconds / Double(iterations) * 1000)
        }
        print("WORKLOAD n=\(n) b=\(b) size=\(size) w=\(width) ms/it", times.sorted())
    }
}
