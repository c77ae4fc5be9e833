import Autodiff
import XCTest

/// The external oracle: a small conv → BatchNorm (train) → ReLU → avg-pool → linear → cross-entropy
/// network rebuilt from `Tensor` ops and checked against PyTorch (fixture written by
/// `tools/torch_reference.py`, computed in float64): the loss, every parameter and input gradient, the
/// BN running statistics, and the input gradient of a gradient-matching loss (second order, as the
/// attacks use it).
final class TorchReferenceTests: XCTestCase {
    static let parameterNames = ["conv.weight", "conv.bias", "bn.weight", "bn.bias", "fc.weight", "fc.bias"]
    static let epsilon: Float = 1e-5
    static let momentum: Float = 0.1

    /// The network's forward pass; returns the logits and the BN batch mean and biased variance ([C]).
    static func forward(_ p: [String: Tensor], _ x: Tensor) -> (logits: Tensor, mean: Tensor, variance: Tensor) {
        let channels = p["conv.bias"]!.count
        let perChannel = [1, channels, 1, 1]
        let h = convolution(p, x)
        // BatchNorm2d in train mode: normalise with the batch mean and biased batch variance.
        let mean = h.mean(axes: [0, 2, 3], keepingAxes: true)
        let centered = h - mean
        let variance = centered.squared().mean(axes: [0, 2, 3], keepingAxes: true)
        let normalized = centered / (variance + epsilon).sqrt()
        let bn = normalized * p["bn.weight"]!.reshaped(perChannel) + p["bn.bias"]!.reshaped(perChannel)
        let pooled = bn.relu().avgPool2d(kernel: 2)
        let logits = matmul(pooled.flattenedBatch(), p["fc.weight"]!, transposeB: true) + p["fc.bias"]!
        return (logits, mean.reshaped([channels]), variance.reshaped([channels]))
    }

    /// conv2d plus the broadcast bias.
    static func convolution(_ p: [String: Tensor], _ x: Tensor) -> Tensor {
        x.conv2d(p["conv.weight"]!, stride: 1, padding: 1) + p["conv.bias"]!.reshaped([1, -1, 1, 1])
    }

    /// Mean cross-entropy with hard labels, from log-softmax.
    static func crossEntropy(_ logits: Tensor, labels: Tensor) -> Tensor {
        let (n, classes) = (logits.shape[0], logits.shape[1])
        let oneHot = Tensor(shape: [n, classes]) { buffer in
            for i in 0..<n { for k in 0..<classes { buffer[i * classes + k] = Int(labels.scalars[i]) == k ? 1 : 0 } }
        }
        return -(oneHot * logits.logSoftmax(axis: 1)).sum() / Float(n)
    }

    private func loadNetwork() throws -> (TorchFixture, [String: Tensor]) {
        let fixture = try TorchFixture(named: "small_network")
        var parameters: [String: Tensor] = [:]
        for name in Self.parameterNames { parameters[name] = try fixture.tensor(name).requiringGradient() }
        return (fixture, parameters)
    }

    func testLossAndFirstOrderGradientsMatchPyTorch() throws {
        let (fixture, p) = try loadNetwork()
        let x = try fixture.tensor("input").requiringGradient()
        let labels = try fixture.tensor("labels")
        let (logits, _, _) = Self.forward(p, x)
        let loss = Self.crossEntropy(logits, labels: labels)
        assertMatchesReference(Self.convolution(p, x), try fixture.tensor("conv_output"), "conv_output")
        assertMatchesReference(logits, try fixture.tensor("logits"), "logits")
        let expectedLoss = try fixture.scalar("loss")
        XCTAssertEqual(Double(loss.item), expectedLoss, accuracy: 1e-4 * Swift.abs(expectedLoss), "loss")

        let wrt = Self.parameterNames.map { p[$0]! } + [x]
        let grads = gradients(of: loss, wrt: wrt)
        for (name, g) in zip(Self.parameterNames, grads) where name != "conv.bias" {
            assertMatchesReference(g, try fixture.tensor("grad." + name), "grad." + name)
        }
        // A bias before train-mode BatchNorm cancels in the mean subtraction: its gradient is exactly
        // zero (PyTorch's float64 value is ~1e-16), so only round-off may remain, small next to the weights'.
        let biasGradient = grads[Self.parameterNames.firstIndex(of: "conv.bias")!].l2Norm().item
        XCTAssertLessThanOrEqual(biasGradient, 1e-4 * (try fixture.tensor("grad.conv.weight")).l2Norm().item,
                                 "grad.conv.bias should vanish")
        assertMatchesReference(grads.last!, try fixture.tensor("grad.input"), "grad.input")
    }

    func testBatchNormRunningStatisticsMatchPyTorch() throws {
        let (fixture, p) = try loadNetwork()
        let x = try fixture.tensor("input")
        let (_, mean, variance) = withoutRecording { Self.forward(p, x) }
        // PyTorch updates running_var with the unbiased variance: n/(n−1) × the biased one, n = N·H·W.
        let n = Float(x.shape[0] * x.shape[2] * x.shape[3])
        let m = Self.momentum
        let runningMean = (1 - m) * (try fixture.tensor("bn.running_mean.before")) + m * mean
        let runningVar = (1 - m) * (try fixture.tensor("bn.running_var.before")) + m * (variance * (n / (n - 1)))
        assertMatchesReference(runningMean, try fixture.tensor("bn.running_mean"), "bn.running_mean")
        assertMatchesReference(runningVar, try fixture.tensor("bn.running_var"), "bn.running_var")
    }

    func testGradientMatchingInputGradientMatchesPyTorch() throws {
        let (fixture, p) = try loadNetwork()
        let labels = try fixture.tensor("labels")
        let parameters = Self.parameterNames.map { p[$0]! }

        // G_k: parameter gradients at the fixed target input (constants).
        let targetLoss = Self.crossEntropy(Self.forward(p, try fixture.tensor("target_input")).logits, labels: labels)
        let targets = gradients(of: targetLoss, wrt: parameters)
        for (name, g) in zip(Self.parameterNames, targets) where name != "conv.bias" {
            assertMatchesReference(g, try fixture.tensor("target_grad." + name), "target_grad." + name)
        }

        // L_match(x) = Σ_k ‖∇_θk L(x) − G_k‖², differentiated to x through the backward pass.
        let x = try fixture.tensor("input").requiringGradient()
        let loss = Self.crossEntropy(Self.forward(p, x).logits, labels: labels)
        let grads = gradients(of: loss, wrt: parameters, createGraph: true)
        let match = zip(grads, targets).map { ($0 - $1).squared().sum() }.reduce(Tensor(0), +)
        let expectedMatch = try fixture.scalar("match_loss")
        XCTAssertEqual(Double(match.item), expectedMatch, accuracy: 1e-4 * Swift.abs(expectedMatch), "match_loss")
        assertMatchesReference(gradient(of: match, wrt: x), try fixture.tensor("match_grad.input"), "match_grad.input")
    }

    /// The checks must be able to fail: perturbed references are rejected, by norm and per element.
    func testComparisonRejectsPerturbedReferences() throws {
        let (fixture, _) = try loadNetwork()
        let reference = try fixture.tensor("match_grad.input")
        XCTAssertNil(referenceMismatch(reference, reference))
        XCTAssertNotNil(referenceMismatch(reference * 1.001, reference), "0.1 % everywhere exceeds 1e-4")
        var scalars = reference.scalars
        let largest = scalars.indices.max { Swift.abs(scalars[$0]) < Swift.abs(scalars[$1]) }!
        let smallest = scalars.indices.min { Swift.abs(scalars[$0]) < Swift.abs(scalars[$1]) }!
        scalars[smallest] += 0.05 * Swift.abs(scalars[largest])
        XCTAssertNotNil(referenceMismatch(Tensor(shape: reference.shape, scalars: scalars), reference),
                        "one element off by 5 % of the largest entry")
        XCTAssertNotNil(referenceMismatch(reference.reshaped([-1]), reference), "shape mismatch")
    }
}
