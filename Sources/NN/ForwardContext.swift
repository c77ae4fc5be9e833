import Autodiff

/// Carries a model's state through one forward pass: layers read their parameters by state-dict
/// name, BatchNorm layers record their new buffers and batch statistics. Models are written as
/// plain functions over a context (`ctx.conv("conv1", x)`, `ctx.batchNorm("bn1", h)`).
public struct ForwardContext {
    public let state: ModelState
    public let mode: NormMode
    /// Buffers updated by train-mode BatchNorm layers (running stats, `num_batches_tracked`).
    public private(set) var updatedBuffers: [String: Tensor] = [:]
    /// Batch statistics of every BN layer, in forward order (train mode).
    public private(set) var batchStatistics: [BatchStatistics] = []

    public init(state: ModelState, mode: NormMode) {
        self.state = state
        self.mode = mode
    }

    /// Conv2d named `name` (weight `name.weight`, optional bias `name.bias`).
    public func conv(_ name: String, _ x: Tensor, stride: Int = 1, padding: Int = 0) -> Tensor {
        let y = x.conv2d(state["\(name).weight"], stride: stride, padding: padding)
        guard let bias = state.tensors["\(name).bias"] else { return y }
        return y + bias.reshaped([1, bias.count, 1, 1])
    }

    /// Linear layer `y = x·Wᵀ + b` named `name` (weight [out, in] as PyTorch).
    public func linear(_ name: String, _ x: Tensor) -> Tensor {
        let y = matmul(x, state["\(name).weight"], transposeB: true)
        guard let bias = state.tensors["\(name).bias"] else { return y }
        return y + bias
    }

    /// BatchNorm2d named `name`; in train mode records its new buffers and batch statistics.
    public mutating func batchNorm(_ name: String, _ x: Tensor) -> Tensor {
        let result = batchNorm2d(x, weight: state["\(name).weight"], bias: state["\(name).bias"],
                                 runningMean: state["\(name).running_mean"],
                                 runningVariance: state["\(name).running_var"], mode: mode)
        if let stats = result.statistics {
            updatedBuffers["\(name).running_mean"] = result.runningMean
            updatedBuffers["\(name).running_var"] = result.runningVariance
            if let tracked = state.tensors["\(name).num_batches_tracked"] {
                updatedBuffers["\(name).num_batches_tracked"] = tracked.detached() + 1
            }
            batchStatistics.append(BatchStatistics(layer: name, mean: stats.mean, variance: stats.variance, count: stats.count))
        }
        return result.output
    }
}
