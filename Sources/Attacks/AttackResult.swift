import Autodiff

/// What an attack returns: the reconstructed images, its label guess and how the optimisation went.
public struct AttackResult: Sendable {
    /// Reconstructions [N, C, H, W].
    public let images: Tensor
    /// Predicted labels (argmax of the soft labels, the analytic or the known ones).
    public let labels: [Int]
    /// The final value of each loss term of the objective, and their `.total`.
    public let finalTerms: [LossTerm: Float]
    /// The total loss every `historyInterval` iterations of the chosen run.
    public let lossHistory: [Float]
    public let historyInterval: Int
    /// The final total loss of every restart (the lowest one was returned).
    public let restartLosses: [Float]
    /// Wall-clock seconds of the whole attack.
    public let seconds: Double
    /// Wall-clock seconds of each iteration of the chosen run (benchmarks take medians of these).
    public var iterationSeconds: [Double] = []
}

/// Failures of an attack run.
public enum AttackError: Error, CustomStringConvertible, Equatable {
    /// A loss term became NaN or infinite.
    case nonFinite(attack: String, iteration: Int, term: String, value: Float)
    /// The update and the model or the threat model do not fit together.
    case invalidInput(String)

    public var description: String {
        switch self {
        case let .nonFinite(attack, iteration, term, value):
            "\(attack): loss term '\(term)' became \(value) at iteration \(iteration); lower the learning rate or the term's weight"
        case let .invalidInput(message):
            "attack input: \(message)"
        }
    }
}
