import Autodiff

/// A model's full state as named tensors in state-dict order: trainable parameters (conv/linear
/// weights and biases, BN γ/β) and buffers (BN running mean/variance, `num_batches_tracked`).
/// Immutable like `Tensor`; training returns a new state. Names follow PyTorch/torchvision
/// (`conv1.weight`, `layer1.0.bn1.running_mean`, `fc.bias`), so states load from and save to
/// PyTorch state dicts.
public struct ModelState: Sendable {
    /// Entry names in state-dict order.
    public let names: [String]
    /// Tensors by name.
    public let tensors: [String: Tensor]

    /// A state from names in order and their tensors; every name must have a tensor.
    public init(names: [String], tensors: [String: Tensor]) {
        precondition(Set(names) == Set(tensors.keys) && Set(names).count == names.count,
                     "ModelState: names and tensors do not correspond")
        self.names = names
        self.tensors = tensors
    }

    /// The tensor named `name` (a missing name is a programming error; loaders validate first).
    public subscript(name: String) -> Tensor {
        guard let tensor = tensors[name] else { preconditionFailure("ModelState: no entry named \(name)") }
        return tensor
    }

    /// True for BN running statistics and counters (PyTorch's buffer names).
    public static func isBuffer(_ name: String) -> Bool {
        name.hasSuffix(".running_mean") || name.hasSuffix(".running_var") || isInteger(name)
    }

    /// True for integer-valued entries (`num_batches_tracked`, int64 in PyTorch).
    public static func isInteger(_ name: String) -> Bool { name.hasSuffix(".num_batches_tracked") }

    /// Names of the entries the optimizer trains, in order.
    public var trainableNames: [String] { names.filter { !Self.isBuffer($0) } }
    /// Names of the buffers, in order.
    public var bufferNames: [String] { names.filter(Self.isBuffer) }

    /// The same state with `replacements` substituted (names must exist).
    public func replacing(_ replacements: [String: Tensor]) -> ModelState {
        var updated = tensors
        for (name, tensor) in replacements {
            precondition(updated[name]?.shape == tensor.shape, "ModelState: replacement \(name) has wrong shape or name")
            updated[name] = tensor
        }
        return ModelState(names: names, tensors: updated)
    }

    /// Applies `transform` to every entry.
    public func map(_ transform: (String, Tensor) throws -> Tensor) rethrows -> ModelState {
        var result: [String: Tensor] = [:]
        for name in names { result[name] = try transform(name, tensors[name]!) }
        return ModelState(names: names, tensors: result)
    }

    /// Combines two states entry by entry (they must have the same names).
    public func zipWith(_ other: ModelState, _ combine: (String, Tensor, Tensor) throws -> Tensor) rethrows -> ModelState {
        precondition(names == other.names, "ModelState: states have different entries")
        var result: [String: Tensor] = [:]
        for name in names { result[name] = try combine(name, tensors[name]!, other.tensors[name]!) }
        return ModelState(names: names, tensors: result)
    }

    /// Every tensor as a constant (no graph links).
    public func detached() -> ModelState { map { $1.detached() } }

    /// Total number of scalars.
    public var scalarCount: Int { tensors.values.reduce(0) { $0 + $1.count } }

    /// `self − other`, entry by entry (a client's update Δ = θ_local − θ_global).
    public static func - (a: ModelState, b: ModelState) -> ModelState { a.zipWith(b) { $1 - $2 } }
    /// `self + other`, entry by entry.
    public static func + (a: ModelState, b: ModelState) -> ModelState { a.zipWith(b) { $1 + $2 } }
    /// Every entry scaled by `s`.
    public static func * (s: Float, a: ModelState) -> ModelState { a.map { $1 * s } }
}
