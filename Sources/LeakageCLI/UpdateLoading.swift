import Autodiff
import Exchange
import NN

/// Loads the global model and a client update from safetensors files and checks them against the
/// architecture, listing every problem rather than the first.
enum UpdateLoading {
    struct Problems: Error, CustomStringConvertible {
        let file: String
        let problems: [String]
        var description: String {
            "\(file): \(problems.count) problem\(problems.count == 1 ? "" : "s"):\n" + problems.map { "  - \($0)" }.joined(separator: "\n")
        }
    }

    /// Reads `path` as a state for `model`, in the model's order; throws `Problems` listing every
    /// missing, unexpected, mis-shaped or non-finite entry.
    static func state(_ path: String, model: any Model) throws -> ModelState {
        let state = model.ordered(try SafeTensors.readModelState(path))
        var problems = model.validate(state)
        for name in state.names where state[name].scalars.contains(where: { !$0.isFinite }) {
            problems.append("\(name): contains NaN or infinite values")
        }
        guard problems.isEmpty else { throw Problems(file: path, problems: problems) }
        return state
    }

    /// The number of local steps the update reveals through `num_batches_tracked` (nil without BN).
    static func revealedSteps(_ delta: ModelState) -> Int? {
        delta.names.first { ModelState.isInteger($0) }.map { Int(delta[$0].item.rounded()) }
    }
}
