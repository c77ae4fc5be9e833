@testable import Autodiff
import Kernels
import XCTest

/// Composite functions built from the primitives (they carry no gradient code): forward vs a naive
/// Double computation, gradient and Hessian–vector product vs finite differences.
final class CompositeTests: XCTestCase {
    private static func softmaxRows(_ x: NDArray, axis: Int) -> NDArray {
        let lse = Naive.logSumExp(x, axis: axis)
        var out = x
        for i in 0..<x.count { out.values[i] = exp(x.values[i] - lse.broadcastRead(x.index(i))) }
        return out
    }

    private static func concatenateNaive(_ parts: [NDArray], axis: Int) -> NDArray {
        var shape = parts[0].shape
        shape[axis] = parts.reduce(0) { $0 + $1.shape[axis] }
        var out = NDArray(zeros: shape)
        var start = 0
        for part in parts {
            for i in 0..<part.count { var index = part.index(i); index[axis] += start; out[index] = part.values[i] }
            start += part.shape[axis]
        }
        return out
    }

    /// Training-mode batch normalisation over N, H, W with the biased variance (PyTorch semantics, docs/DESIGN.md "NN and FL semantics").
    static func batchNorm(_ x: Tensor, _ gamma: Tensor, _ beta: Tensor, epsilon: Float = 1e-5) -> Tensor {
        let c = x.shape[1]
        let mu = x.mean(axes: [0, 2, 3], keepingAxes: true)
        let centered = x - mu
        let variance = centered.squared().mean(axes: [0, 2, 3], keepingAxes: true)
        return centered / (variance + epsilon).sqrt() * gamma.reshaped([1, c, 1, 1]) + beta.reshaped([1, c, 1, 1])
    }

    private static func batchNormNaive(_ x: NDArray, _ gamma: NDArray, _ beta: NDArray, epsilon: Double = 1e-5) -> NDArray {
        let (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        var out = x
        for ch in 0..<c {
            var values: [Double] = []
            for b in 0..<n { for i in 0..<h { for j in 0..<w { values.append(x[[b, ch, i, j]]) } } }
            let mean = values.reduce(0, +) / Double(values.count)
            let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)
            for b in 0..<n { for i in 0..<h { for j in 0..<w {
                out[[b, ch, i, j]] = (x[[b, ch, i, j]] - mean) / (variance + epsilon).squareRoot() * gamma.values[ch] + beta.values[ch]
            } } }
        }
        return out
    }

    static var cases: [OpCase] {
        var rows: [OpCase] = []
        func add(_ name: String, _ inputs: [InputSpec], step: Float = 1e-2,
                 _ apply: @escaping ([Tensor]) -> Tensor, _ reference: @escaping ([NDArray]) -> NDArray) {
            rows.append(OpCase(kind: name, variant: "", inputs: inputs, step: step, apply: apply, reference: reference))
        }
        add("sigmoid", [InputSpec([3, 4], .uniform(-3, 3))], { $0[0].sigmoid() }, { $0[0].map { 1 / (1 + exp(-$0)) } })
        add("tanh", [InputSpec([3, 4], .uniform(-2, 2))], { $0[0].tanh() }, { $0[0].map { tanh($0) } })
        add("softmax axis 1", [InputSpec([3, 5], .uniform(-2, 2))], { $0[0].softmax(axis: 1) }, { softmaxRows($0[0], axis: 1) })
        add("softmax axis 0", [InputSpec([4, 3], .uniform(-2, 2))], { $0[0].softmax(axis: 0) }, { softmaxRows($0[0], axis: 0) })
        add("logSoftmax axis -1", [InputSpec([2, 3, 4], .uniform(-2, 2))], { $0[0].logSoftmax(axis: -1) }) { x in
            let lse = Naive.logSumExp(x[0], axis: 2)
            var out = x[0]
            for i in 0..<out.count { out.values[i] -= lse.broadcastRead(out.index(i)) }
            return out
        }
        add("logSumExp axis 0", [InputSpec([4, 3], .uniform(-2, 2))], { $0[0].logSumExp(axis: 0) }, { Naive.logSumExp($0[0], axis: 0) })
        add("cross-entropy (soft labels)", [InputSpec([3, 4], .uniform(-2, 2)), InputSpec([3, 4], .uniform(-2, 2))],
            { x in -(x[1].softmax(axis: 1) * x[0].logSoftmax(axis: 1)).sum() / 3 }) { x in
            let p = softmaxRows(x[1], axis: 1), lse = Naive.logSumExp(x[0], axis: 1)
            var total = 0.0
            for i in 0..<x[0].count { total -= p.values[i] * (x[0].values[i] - lse.broadcastRead(x[0].index(i))) }
            return NDArray(shape: [], values: [total / 3])
        }
        add("concatenate axis 1", [InputSpec([2, 1, 3]), InputSpec([2, 3, 3]), InputSpec([2, 2, 3])],
            { concatenate($0, axis: 1) }, { concatenateNaive($0, axis: 1) })
        add("concatenate axis -1", [InputSpec([2, 2]), InputSpec([2, 3])],
            { concatenate($0, axis: -1) }, { concatenateNaive($0, axis: 1) })
        // Distinct values 4/(n−1) ≈ 0.02 apart and perturbations ≤ 2e-3 keep every argmax fixed.
        add("maxPool2d k2 s2", [InputSpec([2, 2, 6, 7], .distinct(-2, 2))], step: 2e-3,
            { $0[0].maxPool2d(kernel: 2) }, { Naive.maxPool2d($0[0], kernel: 2, stride: 2) })
        add("maxPool2d k3 s2 (overlapping)", [InputSpec([1, 2, 7, 7], .distinct(-2, 2))], step: 2e-3,
            { $0[0].maxPool2d(kernel: 3, stride: 2) }, { Naive.maxPool2d($0[0], kernel: 3, stride: 2) })
        add("avgPool2d k2", [InputSpec([1, 2, 4, 5])], { $0[0].avgPool2d(kernel: 2) }, { Naive.avgPool2d($0[0], kernel: 2, stride: 2) })
        add("conv2d stride 2 padding 1", [InputSpec([2, 3, 8, 7]), InputSpec([4, 3, 3, 3])],
            { $0[0].conv2d($0[1], stride: 2, padding: 1) }, { Naive.conv2d($0[0], $0[1], stride: 2, padding: 1) })
        add("conv2d + bias", [InputSpec([2, 2, 5, 5]), InputSpec([3, 2, 3, 3]), InputSpec([3])],
            { $0[0].conv2d($0[1], padding: 1) + $0[2].reshaped([1, 3, 1, 1]) }) { x in
            Naive.binary(Naive.conv2d(x[0], x[1], stride: 1, padding: 1), NDArray(shape: [1, 3, 1, 1], values: x[2].values), +)
        }
        for ta in [false, true] {
            for tb in [false, true] {
                add("matmul ta=\(ta) tb=\(tb)", [InputSpec(ta ? [6, 4] : [4, 6]), InputSpec(tb ? [3, 6] : [6, 3])],
                    { matmul($0[0], $0[1], transposeA: ta, transposeB: tb) }, { Naive.matmul($0[0], $0[1], ta, tb) })
            }
        }
        add("linear x·Wᵀ + b", [InputSpec([4, 6]), InputSpec([3, 6]), InputSpec([3])],
            { matmul($0[0], $0[1], transposeB: true) + $0[2] }) { x in
            Naive.binary(Naive.matmul(x[0], x[1], false, true), x[2], +)
        }
        add("mean axes [0, 2]", [InputSpec([3, 4, 5])], { $0[0].mean(axes: [0, 2]) }) { x in
            let s = Naive.sum(x[0], axes: [0, 2]).map { $0 / 15 }
            return NDArray(shape: [4], values: s.values)
        }
        add("globalAveragePool", [InputSpec([2, 3, 4, 5])], { $0[0].globalAveragePool() }) { x in
            NDArray(shape: [2, 3], values: Naive.sum(x[0], axes: [2, 3]).values.map { $0 / 20 })
        }
        add("l2Norm", [InputSpec([3, 4])], { $0[0].l2Norm() }) { x in
            NDArray(shape: [], values: [x[0].values.reduce(0) { $0 + $1 * $1 }.squareRoot()])
        }
        add("summed(toShape:)", [InputSpec([2, 3, 4])], { $0[0].summed(toShape: [3, 1]) }) { x in
            NDArray(shape: [3, 1], values: Naive.sum(x[0], axes: [0, 2]).values)
        }
        add("sliced(axis:) + transposed + reshaped(-1)", [InputSpec([4, 5])],
            { $0[0].sliced(axis: 1, 1..<4).transposed.reshaped([-1]) }) { x in
            let t = Naive.permute(Naive.slice(x[0], [0, 1], [4, 4]), [1, 0])
            return NDArray(shape: [12], values: t.values)
        }
        add("scalar arithmetic 2 − x / 3 + 1 / x", [InputSpec([3, 3], .uniform(0.5, 2))],
            { 2 - $0[0] / 3 + 1 / $0[0] }, { $0[0].map { 2 - $0 / 3 + 1 / $0 } })
        add("batch norm (train mode, biased variance)", [InputSpec([3, 2, 3, 3]), InputSpec([2], .uniform(0.5, 1.5)), InputSpec([2])],
            { batchNorm($0[0], $0[1], $0[2]) }, { batchNormNaive($0[0], $0[1], $0[2]) })
        add("x used twice: x ⊙ exp(x)", [InputSpec([5])], { $0[0] * $0[0].exp() }, { $0[0].map { $0 * exp($0) } })
        return rows
    }

    func testCompositesForwardGradientAndHessianVectorProduct() {
        var lines: [String] = []
        for (index, row) in Self.cases.enumerated() {
            var rng = RandomGenerator(seed: 3000 + UInt64(index))
            let inputs = row.inputs.map { $0.draw(&rng) }
            let forward = forwardError(withoutRecording { row.apply(inputs) }, row.reference(inputs.map(NDArray.init)))
            XCTAssert(forward <= 1e-5, "\(row.kind): forward differs from the naive computation by \(forward)")
            var report = DerivativeCheck(inputs: inputs, f: row.apply, step: row.step, seed: 4000 + UInt64(index)).run()
            report.forward = forward
            XCTAssert(report.gradient <= 2e-3, "\(row.kind): gradient vs finite differences: \(report.gradient)")
            XCTAssert(report.hessianVector <= 2e-3, "\(row.kind): Hv vs finite differences of the gradient: \(report.hessianVector)")
            lines.append("\(row.kind.padding(toLength: 46, withPad: " ", startingAt: 0)) \(report)")
        }
        print("Composites (relative errors):\n" + lines.joined(separator: "\n"))
    }
}

import Foundation
