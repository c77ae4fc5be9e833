@testable import Autodiff
import Kernels
import XCTest

/// Second order through unrolled SGD, the attacks' core computation: a tiny conv + batch norm (train
/// mode, composed inline) + ReLU + linear + softmax cross-entropy network takes T = 2 SGD steps from
/// θ₀ with `createGraph: true`; the loss Σ‖θ_T − θ_target‖² is differentiated w.r.t. the input images
/// and checked against finite differences.
final class UnrolledSGDTests: XCTestCase {
    static let batch = 2, steps = 2, classes = 3
    static let learningRate: Float = 0.5

    /// θ = [conv weight [3,1,3,3], γ [3], β [3], linear weight [classes, 3·6·6], linear bias [classes]].
    static func parameters(_ rng: inout RandomGenerator) -> [Tensor] {
        [Tensor.randomNormal([3, 1, 3, 3], standardDeviation: 0.5, generator: &rng),
         Tensor.randomUniform([3], lower: 0.8, upper: 1.2, generator: &rng),
         Tensor.randomUniform([3], lower: -0.1, upper: 0.1, generator: &rng),
         Tensor.randomNormal([classes, 108], standardDeviation: 0.1, generator: &rng),
         Tensor.randomUniform([classes], lower: -0.1, upper: 0.1, generator: &rng)]
    }

    /// Mean cross-entropy of one batch; `observe` sees every pre-ReLU activation.
    static func trainingLoss(_ theta: [Tensor], _ x: Tensor, _ labels: Tensor, observe: (Tensor) -> Void) -> Tensor {
        let c = x.conv2d(theta[0], padding: 1)
        let mean = c.mean(axes: [0, 2, 3], keepingAxes: true)
        let centered = c - mean
        let variance = centered.squared().mean(axes: [0, 2, 3], keepingAxes: true)
        let normalised = centered / (variance + 1e-5).sqrt() * theta[1].reshaped([1, 3, 1, 1]) + theta[2].reshaped([1, 3, 1, 1])
        observe(normalised)
        let features = normalised.relu().reshaped([x.shape[0], -1])
        let logits = matmul(features, theta[3], transposeB: true) + theta[4]
        return -(labels * logits.logSoftmax(axis: 1)).sum() / Float(x.shape[0])
    }

    /// θ_T after `steps` SGD steps on consecutive batches of `x`, recorded for differentiation.
    static func unrolled(_ x: Tensor, _ theta0: [Tensor], _ labels: Tensor, observe: (Tensor) -> Void = { _ in }) -> [Tensor] {
        var theta = theta0.map { $0.requiringGradient() }
        for t in 0..<steps {
            let range = (t * batch)..<((t + 1) * batch)
            let loss = trainingLoss(theta, x.sliced(axis: 0, range), labels.sliced(axis: 0, range), observe: observe)
            let g = gradients(of: loss, wrt: theta, createGraph: true)
            theta = zip(theta, g).map { $0 - learningRate * $1 }
        }
        return theta
    }

    func testGradientThroughTwoUnrolledSGDStepsMatchesFiniteDifferences() {
        var rng = RandomGenerator(seed: 31)
        let theta0 = Self.parameters(&rng)
        let target = Self.parameters(&rng)
        let x0 = Tensor.randomUniform([Self.batch * Self.steps, 1, 6, 6], lower: -1, upper: 1, generator: &rng)
        let labels = Tensor(shape: [4, Self.classes], scalars: [1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0])

        // Analytic: d/dX Σ‖θ_T − θ_target‖².
        let x = x0.requiringGradient()
        let thetaT = Self.unrolled(x, theta0, labels)
        let loss = zip(thetaT, target).map { ($0 - $1).squared().sum() }.reduce(Tensor(0)) { $0 + $1 }
        let analytic = gradient(of: loss, wrt: x)
        XCTAssert(analytic.scalars.contains { $0 != 0 } && analytic.scalars.allSatisfy(\.isFinite))

        // Finite differences along random directions; the final sum in Double.
        func lossValue(_ input: Tensor, observe: (Tensor) -> Void = { _ in }) -> Double {
            let theta = Self.unrolled(input, theta0, labels, observe: observe)
            var total: Double = 0
            for (current, goal) in zip(theta, target) {
                for (a, b) in zip(current.scalars, goal.scalars) { let d = Double(a) - Double(b); total += d * d }
            }
            return total
        }
        func signs(_ input: Tensor) -> [Bool] {
            var pattern: [Bool] = []
            _ = lossValue(input) { pattern += $0.scalars.map { $0 > 0 } }
            return pattern
        }
        let h: Float = 2e-3
        let basePattern = signs(x0)
        for directionIndex in 0..<2 {
            let v = Tensor.randomUniform(x0.shape, lower: -1, upper: 1, generator: &rng)
            let shifted = { (step: Float) in x0 + v * step }
            // ReLU is piecewise linear: the differences are valid only if no pre-activation changes sign.
            for step in [h, -h, h / 2, -h / 2] {
                XCTAssertEqual(signs(shifted(step)), basePattern, "a ReLU kink lies within the finite-difference step \(step)")
            }
            let d1 = (lossValue(shifted(h)) - lossValue(shifted(-h))) / Double(2 * h)
            let d2 = (lossValue(shifted(h / 2)) - lossValue(shifted(-h / 2))) / Double(h)
            let numeric = (4 * d2 - d1) / 3
            let predicted = dot(analytic, v)
            let error = abs(predicted - numeric) / max(abs(predicted), abs(numeric))
            print("unrolled SGD, direction \(directionIndex): ⟨∇X, v⟩ = \(predicted), finite differences \(numeric), relative error \(error)")
            XCTAssertLessThan(error, 1e-2)
        }
    }
}
