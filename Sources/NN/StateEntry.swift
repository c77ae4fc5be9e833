/// What a named entry of a model's state is, following PyTorch's state-dict conventions.
public enum StateRole: String, Sendable, Codable, CaseIterable {
    /// Conv / linear weight (trainable).
    case weight
    /// Conv / linear bias (trainable).
    case bias
    /// BatchNorm γ (trainable).
    case normWeight
    /// BatchNorm β (trainable).
    case normBias
    /// BatchNorm running mean (buffer).
    case runningMean
    /// BatchNorm running variance (buffer).
    case runningVariance
    /// BatchNorm `num_batches_tracked` (integer buffer).
    case batchesTracked

    /// Trained by the optimizer (as opposed to a buffer updated by forward passes).
    public var isTrainable: Bool { self == .weight || self == .bias || self == .normWeight || self == .normBias }
    /// Integer-valued in PyTorch (`int64`).
    public var isInteger: Bool { self == .batchesTracked }
}

/// How an entry is initialised (PyTorch defaults of the corresponding module).
public enum Initializer: Sendable, Equatable {
    case zeros, ones
    /// N(0, std²).
    case normal(std: Float)
    /// U(−bound, bound).
    case uniform(bound: Float)
}

/// One entry of a model's state: its state-dict name, shape, role and initialiser.
public struct StateEntry: Sendable, Equatable {
    public let name: String
    public let shape: [Int]
    public let role: StateRole
    public let initializer: Initializer

    public init(_ name: String, _ shape: [Int], _ role: StateRole, _ initializer: Initializer) {
        self.name = name; self.shape = shape; self.role = role; self.initializer = initializer
    }
}
