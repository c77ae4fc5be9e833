import Autodiff
import Foundation

extension StateDict {
    /// The entries of a model state, in state-dict order; `num_batches_tracked` entries are marked
    /// as integers (stored as I64, as PyTorch does).
    public init(_ state: ModelState, metadata: [String: String] = [:]) throws {
        try self.init(state.names.map { ($0, state[$0]) },
                      integerNames: Set(state.names.filter(ModelState.isInteger)), metadata: metadata)
    }

    /// The entries as a model state (names in this dictionary's order). Whether the names and
    /// shapes fit a given model is for the model's loader to check.
    public var modelState: ModelState {
        var tensors: [String: Tensor] = [:]
        for (name, tensor) in entries { tensors[name] = tensor }
        return ModelState(names: names, tensors: tensors)
    }
}

extension SafeTensors {
    /// Writes a model state as safetensors (F32, I64 for `num_batches_tracked`), atomically.
    public static func write(_ state: ModelState, to path: String, metadata: [String: String] = [:]) throws {
        try write(StateDict(state, metadata: metadata), to: path)
    }

    /// Reads a safetensors file as a model state.
    public static func readModelState(_ path: String) throws -> ModelState {
        try read(path).modelState
    }
}
