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
    /// leakage gate); withheld updates are not aggregated. Equals `send(number, global:, outcomes:
    /// train(number, global:))`.
    public func round(_ number: Int, global: ModelState, withhold: (LocalOutcome) -> Bool = { _ in false }) -> Round {
        send(number, global: global, outcomes: train(number, global: global), withhold: withhold)
    }

    /// The clients' local training of round `number`, before any filter: it does not depend on the
    /// filter, so federations that differ only in their filter can share it.
    public func train(_ number: Int, global: ModelState) -> [LocalOutcome] {
        let payload = ServerPayload(round: number, global: global)
        return clients.map { $0.train(payload, model: model) }
    }

    /// The rest of round `number`: every client filters its `outcomes` entry (noise drawn from the
    /// federation's seed and the round number, client by client), the gate withholds, the server
    /// aggregates the sent updates with FedAvg.
    public func send(_ number: Int, global: ModelState, outcomes clean: [LocalOutcome],
                     withhold: (LocalOutcome) -> Bool = { _ in false }) -> Round {
        precondition(clean.map(\.update.clientID) == clients.map(\.id), "Federation.send: outcomes must be the clients' own, in order")
        let payload = ServerPayload(round: number, global: global)
        var generator = RandomGenerator(seed: seed).fork(UInt64(number))
        var outcomes: [LocalOutcome] = []
        var withheld: [Int] = []
        for var outcome in clean {
            if let filter { outcome = outcome.filtered(by: filter, generator: &generator) }
            if withhold(outcome) { withheld.append(outcome.update.clientID) }
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
