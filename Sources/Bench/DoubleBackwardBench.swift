import Autodiff
import Kernels

/// A conv + BN + ReLU network with resnet-mini widths (16/32/64/128, stride-2 stages down to 4×4),
/// global average pooling and a linear classifier, written inline from `Tensor` ops.
struct SmallConvNet {
    static let widths = [16, 32, 64, 128]
    static let classes = 10

    /// Conv weights, then BN γ and β per stage, then the classifier weight and bias.
    static func parameters(_ rng: inout RandomGenerator) -> [Tensor] {
        var theta: [Tensor] = []
        var inChannels = 1
        for width in widths {
            let fanIn = Float(inChannels * 9)
            theta.append(Tensor.randomNormal([width, inChannels, 3, 3], standardDeviation: (2 / fanIn).squareRoot(), generator: &rng))
            theta.append(Tensor.ones([width]))
            theta.append(Tensor.zeros([width]))
            inChannels = width
        }
        theta.append(Tensor.randomNormal([classes, inChannels], standardDeviation: 0.1, generator: &rng))
        theta.append(Tensor.zeros([classes]))
        return theta
    }

    /// Logits for images `x` [N, 1, 32, 32]; BN in training mode (batch statistics, biased variance).
    static func logits(_ theta: [Tensor], _ x: Tensor) -> Tensor {
        var h = x
        for (stage, width) in widths.enumerated() {
            h = h.conv2d(theta[3 * stage], stride: stage == 0 ? 1 : 2, padding: 1)
            let mean = h.mean(axes: [0, 2, 3], keepingAxes: true)
            let centered = h - mean
            let variance = centered.squared().mean(axes: [0, 2, 3], keepingAxes: true)
            h = (centered / (variance + 1e-5).sqrt() * theta[3 * stage + 1].reshaped([1, width, 1, 1])
                 + theta[3 * stage + 2].reshaped([1, width, 1, 1])).relu()
        }
        return matmul(h.globalAveragePool(), theta[theta.count - 2], transposeB: true) + theta[theta.count - 1]
    }
}

/// One gradient-matching step: training loss with soft labels softmax(Y), its parameter gradients
/// with `createGraph: true`, a loss on those gradients, and its gradient w.r.t. the images and Y.
func benchDoubleBackward(batch: Int, plan: TimingPlan) -> JSON {
    BLAS.setThreads(1)
    var rng = RandomGenerator(seed: 3)
    let theta = SmallConvNet.parameters(&rng).map { $0.requiringGradient() }
    let images = Tensor.randomNormal([batch, 1, 32, 32], generator: &rng)
    let labelLogits = Tensor.randomNormal([batch, SmallConvNet.classes], generator: &rng)
    let targets = withoutRecording { () -> [Tensor] in
        let loss = -(labelLogits.softmax(axis: 1) * SmallConvNet.logits(theta, images).logSoftmax(axis: 1)).sum() / Float(batch)
        return gradients(of: loss, wrt: theta).map { $0 * 0.9 }
    }
    let x0 = Tensor.randomNormal([batch, 1, 32, 32], generator: &rng)
    var checksum: Float = 0
    let seconds = plan.secondsPerCall {
        let (x, y) = (x0.requiringGradient(), labelLogits.requiringGradient())
        let loss = -(y.softmax(axis: 1) * SmallConvNet.logits(theta, x).logSoftmax(axis: 1)).sum() / Float(batch)
        let g = gradients(of: loss, wrt: theta, createGraph: true)
        let matching = zip(g, targets).map { ($0 - $1).squared().sum() }.reduce(Tensor(0)) { $0 + $1 }
        let grads = gradients(of: matching, wrt: [x, y])
        checksum = grads[0].withUnsafeBufferPointer { $0.reduce(0, +) }
    }
    progress("double backward (batch \(batch)): \(String(format: "%.2f", seconds * 1e3)) ms (checksum \(checksum))")
    return .object([
        ("network", .string("conv+BN+ReLU ×4 (1→16 @32, 16→32 s2, 32→64 s2, 64→128 s2), GAP, linear 128→10")),
        ("batch", .integer(batch)), ("median_ms", .number(seconds * 1e3)),
        ("gradient_finite", .bool(checksum.isFinite)),
    ])
}
