import Autodiff
import Foundation

/// Named tensors in a fixed order, as in a PyTorch `state_dict()`: parameter and buffer names
/// (`conv1.weight`, `bn1.running_mean`, `bn1.num_batches_tracked`) → tensors. Values are Float32;
/// names in `integerNames` hold integers (PyTorch int64 buffers such as `num_batches_tracked`) and
/// are stored as I64 by `SafeTensors.write`.
public struct StateDict: Sendable {
    /// Entry names in order.
    public private(set) var names: [String] = []
    /// Names of integer-valued entries.
    public private(set) var integerNames: Set<String> = []
    /// Free-form string metadata (safetensors `__metadata__`).
    public var metadata: [String: String] = [:]
    private var tensors: [String: Tensor] = [:]

    public init() {}

    /// A dictionary from `(name, tensor)` pairs in order. Throws `SafeTensorsError.duplicateName`
    /// when a name repeats, and `.invalidHeader` for the reserved name `__metadata__`.
    public init(_ entries: [(String, Tensor)], integerNames: Set<String> = [], metadata: [String: String] = [:]) throws {
        for (name, tensor) in entries {
            guard tensors[name] == nil else {
                throw SafeTensorsError(.duplicateName, file: "<StateDict>", entry: name, "the name appears more than once")
            }
            try set(name, tensor)
        }
        if let unknown = integerNames.subtracting(names).first {
            throw SafeTensorsError(.invalidHeader, file: "<StateDict>", entry: unknown, "marked as integer but not present")
        }
        self.integerNames = integerNames
        self.metadata = metadata
    }

    /// Number of entries.
    public var count: Int { names.count }
    /// The entries in order.
    public var entries: [(name: String, tensor: Tensor)] { names.map { ($0, tensors[$0]!) } }

    public subscript(name: String) -> Tensor? { tensors[name] }

    /// True when `name` holds integer values (stored as I64).
    public func isInteger(_ name: String) -> Bool { integerNames.contains(name) }

    /// Adds `name` at the end, or replaces its tensor in place. `isInteger` nil keeps the entry's
    /// current integer flag (false for a new entry).
    public mutating func set(_ name: String, _ tensor: Tensor, isInteger: Bool? = nil) throws {
        guard name != "__metadata__" else {
            throw SafeTensorsError(.invalidHeader, file: "<StateDict>", entry: name, "the name __metadata__ is reserved")
        }
        if tensors.updateValue(tensor.detached(), forKey: name) == nil { names.append(name) }
        if let isInteger {
            if isInteger { integerNames.insert(name) } else { integerNames.remove(name) }
        }
    }

    /// Removes `name` (no-op when absent).
    public mutating func remove(_ name: String) {
        guard tensors.removeValue(forKey: name) != nil else { return }
        names.removeAll { $0 == name }
        integerNames.remove(name)
    }
}
