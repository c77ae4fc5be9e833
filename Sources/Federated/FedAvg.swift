import Autodiff
import Exchange
import NN

/// The FedAvg server (docs/PAPER.md "Threat model and protocol"): the new global state is θ_g + Σ_c w_c Δ_c with weights
/// proportional to each client's number of local steps, applied to every entry (BN buffers
/// included; `num_batches_tracked` is rounded, as an integer counter).
public enum FedAvg {
    /// Aggregates `updates` into the next global state. Updates must all start from `global`.
    public static func aggregate(global: ModelState, updates: [ClientUpdate]) -> ModelState {
        guard !updates.isEmpty else { return global }
        let totalSteps = Float(updates.reduce(0) { $0 + $1.metadata.localSteps })
        return withoutRecording {
            global.map { name, value in
                var sum = value
                for update in updates {
                    sum = sum + update.delta[name] * (Float(update.metadata.localSteps) / totalSteps)
                }
                return ModelState.isInteger(name) ? Tensor(shape: sum.shape, scalars: sum.scalars.map { $0.rounded() }) : sum
            }
        }
    }
}
