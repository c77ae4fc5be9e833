import Autodiff
import Kernels

/// An architecture: its state layout and its forward function. Models hold no weights; the
/// weights are an explicit `ModelState`, so the same model runs with global weights, a client's
/// weights, or weights that are themselves functions of the attack's unknowns.
public protocol Model: Sendable {
    /// Short identifier, e.g. `resnet-mini-w16`.
    var name: String { get }
    /// Input shape of one image, [C, H, W].
    var inputShape: [Int] { get }
    /// Number of output classes.
    var classes: Int { get }
    /// Every state entry in state-dict order.
    var stateLayout: [StateEntry] { get }
    /// Logits [N, classes] for images [N, C, H, W].
    func logits(_ x: Tensor, _ context: inout ForwardContext) -> Tensor
}

/// The outputs of a forward pass.
public struct ForwardResult {
    public let logits: Tensor
    /// Buffers after the pass: updated running statistics in train mode.
    public let updatedBuffers: [String: Tensor]
    /// Batch statistics of every BN layer (train mode), in forward order.
    public let batchStatistics: [BatchStatistics]
}

extension Model {
    /// The layout recorded from the forward pass (`ForwardContext.recording()`), cached per
    /// configuration: each architecture is declared once, in `logits`.
    public var stateLayout: [StateEntry] { recordedLayout }

    /// The entries `logits` declares on one image of `inputShape`, in call order (= state-dict order).
    public var recordedLayout: [StateEntry] {
        LayoutCache.shared.layout(for: "\(type(of: self))|\(String(reflecting: self))") {
            withoutRecording {
                var context = ForwardContext.recording()
                _ = logits(.zeros([1] + inputShape), &context)
                return context.declaredEntries!
            }
        }
    }

    /// A freshly initialised state (PyTorch's default initialisers for each layer), seeded.
    public func initialState(seed: UInt64) -> ModelState {
        var generator = RandomGenerator(seed: seed)
        var tensors: [String: Tensor] = [:]
        for entry in stateLayout {
            switch entry.initializer {
            case .zeros: tensors[entry.name] = .zeros(entry.shape)
            case .ones: tensors[entry.name] = .ones(entry.shape)
            case .normal(let std): tensors[entry.name] = .randomNormal(entry.shape, standardDeviation: std, generator: &generator)
            case .uniform(let bound):
                tensors[entry.name] = .randomUniform(entry.shape, lower: -bound, upper: bound, generator: &generator)
            }
        }
        return ModelState(names: stateLayout.map(\.name), tensors: tensors)
    }

    /// Runs the model on `x` with `state`; BN layers behave as `mode` says.
    public func forward(_ x: Tensor, state: ModelState, mode: NormMode) -> ForwardResult {
        precondition(x.rank == 4 && Array(x.shape.dropFirst()) == inputShape,
                     "\(name): input must be [N, \(inputShape.map(String.init).joined(separator: ", "))], got \(x.shape)")
        var context = ForwardContext(state: state, mode: mode)
        let out = logits(x, &context)
        return ForwardResult(logits: out, updatedBuffers: context.updatedBuffers, batchStatistics: context.batchStatistics)
    }

    /// The state with its entries in this model's state-dict order (safetensors files store names
    /// sorted, not in module order); entries the layout does not know keep their order at the end.
    public func ordered(_ state: ModelState) -> ModelState {
        let layout = stateLayout.map(\.name).filter { state.tensors[$0] != nil }
        let known = Set(layout)
        return ModelState(names: layout + state.names.filter { !known.contains($0) }, tensors: state.tensors)
    }

    /// Checks a state against the layout and lists every problem (missing, extra, mis-shaped).
    public func validate(_ state: ModelState) -> [String] {
        var problems: [String] = []
        let expected = Dictionary(uniqueKeysWithValues: stateLayout.map { ($0.name, $0.shape) })
        for entry in stateLayout {
            guard let tensor = state.tensors[entry.name] else { problems.append("missing entry \(entry.name)"); continue }
            if tensor.shape != entry.shape { problems.append("\(entry.name): shape \(tensor.shape), expected \(entry.shape)") }
        }
        for name in state.names where expected[name] == nil { problems.append("unexpected entry \(name)") }
        return problems
    }
}

/// Layout helpers shared by the model definitions (PyTorch default initialisers).
enum Layout {
    /// Conv weight [out, in, k, k], Kaiming-normal with fan-out (torchvision ResNet's init).
    static func convKaiming(_ name: String, _ out: Int, _ inC: Int, _ k: Int) -> StateEntry {
        StateEntry("\(name).weight", [out, inC, k, k], .weight, .normal(std: (2 / Float(out * k * k)).squareRoot()))
    }

    /// Conv weight and bias with PyTorch's default U(±1/√fan_in) bounds (kaiming_uniform a=√5).
    static func convDefault(_ name: String, _ out: Int, _ inC: Int, _ k: Int) -> [StateEntry] {
        let bound = 1 / Float(inC * k * k).squareRoot()
        return [StateEntry("\(name).weight", [out, inC, k, k], .weight, .uniform(bound: bound)),
                StateEntry("\(name).bias", [out], .bias, .uniform(bound: bound))]
    }

    /// Linear weight [out, in] and bias with PyTorch's default U(±1/√in) bounds.
    static func linear(_ name: String, _ out: Int, _ inFeatures: Int) -> [StateEntry] {
        let bound = 1 / Float(inFeatures).squareRoot()
        return [StateEntry("\(name).weight", [out, inFeatures], .weight, .uniform(bound: bound)),
                StateEntry("\(name).bias", [out], .bias, .uniform(bound: bound))]
    }

    /// BatchNorm2d entries: γ = 1, β = 0, running mean 0, running var 1, counter 0.
    static func batchNorm(_ name: String, _ channels: Int) -> [StateEntry] {
        [StateEntry("\(name).weight", [channels], .normWeight, .ones),
         StateEntry("\(name).bias", [channels], .normBias, .zeros),
         StateEntry("\(name).running_mean", [channels], .runningMean, .zeros),
         StateEntry("\(name).running_var", [channels], .runningVariance, .ones),
         StateEntry("\(name).num_batches_tracked", [], .batchesTracked, .zeros)]
    }
}
