import Autodiff

/// Carries a model's state through one forward pass: layers read their parameters by state-dict
/// name, BatchNorm layers record their new buffers and batch statistics. Models are written as
/// plain functions over a context (`ctx.conv("conv1", x, out: 64, kernel: 7, stride: 2, padding: 3)`,
/// `ctx.batchNorm("bn1", h)`).
///
/// The same forward function also declares the model's state: a *recording* context
/// (`ForwardContext.recording()`) holds no weights; each layer appends the entries it would read
/// (name, shape, role, initialiser) and returns zeros of its output's shape. So every architecture
/// is written once, and its state layout follows from its forward pass (`Model.recordedLayout`).
public struct ForwardContext {
    public let state: ModelState
    public let mode: NormMode
    /// Buffers updated by train-mode BatchNorm layers (running stats, `num_batches_tracked`).
    public internal(set) var updatedBuffers: [String: Tensor] = [:]
    /// Batch statistics of every BN layer, in forward order (train mode).
    public internal(set) var batchStatistics: [BatchStatistics] = []
    /// The state entries declared so far, in call order, when recording; nil when running.
    public internal(set) var declaredEntries: [StateEntry]?

    public init(state: ModelState, mode: NormMode) {
        self.state = state
        self.mode = mode
    }

    /// A context that runs no layer and records the entries layers declare (`declaredEntries`).
    public static func recording() -> ForwardContext {
        var context = ForwardContext(state: ModelState(names: [], tensors: [:]), mode: .eval)
        context.declaredEntries = []
        return context
    }

    /// True for a recording context.
    public var isRecording: Bool { declaredEntries != nil }

    /// Conv2d named `name` (weight `name.weight`, optional bias `name.bias`) with shapes taken from
    /// the state. Only for models that declare their layout by hand; architectures use the
    /// declaring `conv(_:_:out:kernel:…)`.
    public func conv(_ name: String, _ x: Tensor, stride: Int = 1, padding: Int = 0) -> Tensor {
        precondition(!isRecording, "ForwardContext: layer \(name) declares no shape; use conv(_:_:out:kernel:…) to record a layout")
        let y = x.conv2d(state["\(name).weight"], stride: stride, padding: padding)
        guard let bias = state.tensors["\(name).bias"] else { return y }
        return y + bias.reshaped([1, bias.count, 1, 1])
    }

    /// Linear layer `y = x·Wᵀ + b` named `name` (weight [out, in] as PyTorch), shapes from the state.
    public func linear(_ name: String, _ x: Tensor) -> Tensor {
        precondition(!isRecording, "ForwardContext: layer \(name) declares no shape; use linear(_:_:out:…) to record a layout")
        let y = matmul(x, state["\(name).weight"], transposeB: true)
        guard let bias = state.tensors["\(name).bias"] else { return y }
        return y + bias
    }

    /// BatchNorm2d named `name` over the channels of x [N, C, H, W]; in train mode records its new
    /// buffers and batch statistics. Recording: declares γ, β, running mean/var and the counter.
    public mutating func batchNorm(_ name: String, _ x: Tensor) -> Tensor {
        if isRecording {
            declaredEntries! += Layout.batchNorm(name, x.shape[1])
            return x
        }
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
