import NN

/// What a client sends back: Δ = θ_local − θ_g for **every** state entry (conv/FC weights and
/// biases, BN γ/β, BN running mean/variance, `num_batches_tracked`) and its training metadata.
/// This is all an honest-but-curious server — and so every attack — gets to see.
public struct ClientUpdate: Sendable {
    public let clientID: Int
    public let round: Int
    public let delta: ModelState
    public let metadata: TrainingMetadata

    public init(clientID: Int, round: Int, delta: ModelState, metadata: TrainingMetadata) {
        self.clientID = clientID; self.round = round; self.delta = delta; self.metadata = metadata
    }

    /// The client's local state θ_g + Δ, as the server can reconstruct it.
    public func localState(from payload: ServerPayload) -> ModelState { payload.global + delta }

    /// The same update with a transformed Δ (noise defences, clipping).
    public func replacingDelta(_ delta: ModelState) -> ClientUpdate {
        ClientUpdate(clientID: clientID, round: round, delta: delta, metadata: metadata)
    }
}
