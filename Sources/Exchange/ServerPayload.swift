import NN

/// What the server sends to every client at the start of a round: the global state θ_g — all
/// parameters **and** BN buffers (docs/PAPER.md "Threat model and protocol").
public struct ServerPayload: Sendable {
    public let round: Int
    public let global: ModelState

    public init(round: Int, global: ModelState) {
        self.round = round
        self.global = global
    }
}
