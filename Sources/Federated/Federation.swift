import Autodiff
import Exchange
import Kernels
import NN

/// A FedAvg federation: every round the server sends θ_g to all clients, each trains locally,
/// optionally filters its update (noise defence, leakage gate), and the server aggregates.
public struct Federation: Sendable {
    public let model: any Model
    public let clients: [Client]
    /// Applied by every client to its update before sending (e.g. `GaussianPrivacy`).
    public let filter: (any UpdateFilter)?
    public let seed: UInt64

    public init(model: any Model, clients: [Client], filter: (any UpdateFilter)? = nil, seed: UInt64 = 0) {
        self.model = model; self.clients = clients; self.filter = filter; self.seed = seed
    }

    /// What one round produced.
    public struct Round: Sendable {
        public let payload: ServerPayload
        /// Per client, the local outcome with the update as it was sent (after the filter).
        public let outcomes: [LocalOutcome]
        /// The new global state.
        public let global: ModelState
        /// Clients whose update the `withhold` gate kept back.
        public let withheld: [Int]
    }

    /// Runs one round from `global`. `withhold(update)` lets a client keep an update back (the
    /// leakage gate); withheld updates are not aggregated.
    public func round(_ number: Int, global: ModelState, withhold: (LocalOutcome) -> Bool = { _ in false }) -> Round {
        let payload = ServerPayload(round: number, global: global)
        var generator = RandomGenerator(seed: seed).fork(UInt64(number))
        var outcomes: [LocalOutcome] = []
        var withheld: [Int] = []
        for client in clients {
            var outcome = client.train(payload, model: model)
            if let filter { outcome = outcome.filtered(by: filter, generator: &generator) }
            if withhold(outcome) { withheld.append(client.id) }
            outcomes.append(outcome)
        }
        let sent = outcomes.filter { !withheld.contains($0.update.clientID) }.map(\.update)
        return Round(payload: payload, outcomes: outcomes, global: FedAvg.aggregate(global: global, updates: sent),
                     withheld: withheld)
    }
}

/// Accuracy of a model on labelled images, BN in eval mode, in batches.
public enum Evaluation {
    public static func accuracy(model: any Model, state: ModelState, images: Tensor, labels: [Int], batchSize: Int = 256) -> Float {
        precondition(images.shape[0] == labels.count, "accuracy: \(images.shape[0]) images, \(labels.count) labels")
        guard !labels.isEmpty else { return 0 }
        return withoutRecording {
            var correct = 0
            for start in stride(from: 0, to: labels.count, by: batchSize) {
                let end = min(start + batchSize, labels.count)
                let logits = model.forward(images.sliced(axis: 0, start..<end), state: state, mode: .eval).logits
                let k = logits.shape[1], values = logits.scalars
                for row in 0..<(end - start) {
                    let slice = values[(row * k)..<((row + 1) * k)]
                    if slice.indices.max(by: { slice[$0] < slice[$1] })! - row * k == labels[start + row] { correct += 1 }
                }
            }
            return Float(correct) / Float(labels.count)
        }
    }
}
