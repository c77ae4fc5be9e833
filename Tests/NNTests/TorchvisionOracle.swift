import Autodiff
import Foundation
import NN

/// The Swift twin of tools/torchvision_reference.py: the deterministic initial state and images
/// both sides compute (a full ResNet-18 state is ~47 MB, too large to commit), and the compact
/// oracle the script stores (per tensor: shape, sum, L2 norm, 32 entries at fixed indices).
enum TorchvisionOracle {
    /// u(seed, i) = (SplitMix64(i + seed·0x9E3779B97F4A7C15) >> 40) / 2²⁴ for i in 0..<count: exact in Float.
    static func uniform(seed: UInt64, count: Int) -> [Float] {
        let base = seed &* 0x9E37_79B9_7F4A_7C15
        return (0..<count).map { i in
            var z = UInt64(i) &+ base
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            z ^= z >> 31
            return Float(z >> 40) / Float(1 << 24)
        }
    }

    /// The script's value of state entry number `e` (see its docstring), in Float arithmetic.
    static func entry(_ name: String, shape: [Int], index e: Int) -> Tensor {
        if name.hasSuffix("num_batches_tracked") { return Tensor(shape: shape, scalars: [7]) }
        let v = uniform(seed: UInt64(e + 1), count: shape.reduce(1, *)).map { 2 * $0 - 1 }
        let values: [Float]
        if name.hasSuffix(".weight") && shape.count >= 2 {
            let fanIn = shape.dropFirst().reduce(1, *)
            let scale = Float(((shape.count == 4 ? 6.0 : 3.0) / Double(fanIn)).squareRoot())
            values = v.map { scale * $0 }
        } else if name.hasSuffix(".weight") {
            values = v.map { 1 + Float(0.1) * $0 }
        } else if name.hasSuffix(".bias") || name.hasSuffix(".running_mean") {
            values = v.map { Float(0.1) * $0 }
        } else {
            precondition(name.hasSuffix(".running_var"), "unknown entry \(name)")
            values = v.map { 1 + Float(0.25) * $0 }
        }
        return Tensor(shape: shape, scalars: values)
    }

    /// The deterministic state of `model` (entries numbered in its state-dict order).
    static func state(_ model: any Model) -> ModelState {
        let layout = model.stateLayout
        var tensors: [String: Tensor] = [:]
        for (e, entry) in layout.enumerated() { tensors[entry.name] = self.entry(entry.name, shape: entry.shape, index: e) }
        return ModelState(names: layout.map(\.name), tensors: tensors)
    }

    /// The images u(1000, i) over [n, channels, size, size].
    static func images(_ n: Int, channels: Int, size: Int) -> Tensor {
        Tensor(shape: [n, channels, size, size], scalars: uniform(seed: 1000, count: n * channels * size * size))
    }

    /// One tensor's compact oracle.
    struct Summary: Decodable {
        let shape: [Int]
        let sum: Double
        let norm: Double
        let indices: [Int]
        let values: [Double]
    }

    /// One fixture file (`after_step` is absent from the light ones).
    struct Fixture: Decodable {
        let model: String
        let size, images, classes: Int
        let labels: [Int]
        let lr: Float
        let stateNames: [String]
        let stateShapes: [[Int]]
        let logitsEval, logitsTrain: Summary
        let logitsEvalAfterStep: Summary?
        let loss: Double
        let grad: [String: Summary]
        let afterStep: [String: Summary]?
    }

    static func load(_ name: String) throws -> Data {
        guard let url = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures") else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: "Fixtures/\(name).json"])
        }
        return try Data(contentsOf: url)
    }

    static func fixture(_ name: String) throws -> Fixture {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(Fixture.self, from: load(name))
    }

    /// How far `t` is from `s`, each part relative to the oracle tensor's RMS entry ‖s‖/√n (so a
    /// tensor of tiny entries is not held to an absolute bound, and one of large entries not to a
    /// relative bound on entries near zero): (sum error / (‖s‖·√n), |Δ‖·‖| / ‖s‖, max sampled error / RMS).
    static func errors(_ t: Tensor, _ s: Summary) -> (sum: Double, norm: Double, entries: Double) {
        let values = t.scalars.map(Double.init)
        let n = Double(max(values.count, 1))
        let scale = max(s.norm, 1e-12)
        let rms = scale / n.squareRoot()
        let sum = values.reduce(0, +), norm = values.map { $0 * $0 }.reduce(0, +).squareRoot()
        let entries = zip(s.indices, s.values).map { abs(values[$0] - $1) }.max() ?? 0
        return (abs(sum - s.sum) / (scale * n.squareRoot()), abs(norm - s.norm) / scale, entries / rms)
    }
}
