import Autodiff
import Exchange
import NN

/// The common protocol of the attacks: reconstruct a client's images from what the server sees.
public protocol GradientInversionAttack: Sendable {
    /// Display name, e.g. "DLG".
    var name: String { get }
    /// The engine settings of this attack's preset.
    var configuration: InversionConfiguration { get }
}

extension GradientInversionAttack {
    /// Runs the attack on `update` (sent by a client that started from `payload`).
    public func reconstruct(model: any Model, payload: ServerPayload, update: ClientUpdate, threat: ThreatModel,
                            prior: Tensor? = nil, seed: UInt64 = 0) throws -> AttackResult {
        try InversionEngine(name: name, configuration: configuration)
            .run(model: model, payload: payload, update: update, threat: threat, prior: prior, seed: seed)
    }
}

/// DLG, "Deep Leakage from Gradients" (Zhu et al. 2019): dummy images and soft labels from N(0, 1),
/// L-BFGS (lr 1, history 100) on the squared L2 distance between dummy and true gradients.
public struct DLG: GradientInversionAttack {
    public let name = "DLG"
    public var configuration: InversionConfiguration

    /// - Parameters:
    ///   - iterations: function evaluations per run (DLG runs 300 L-BFGS steps of up to 20 each).
    ///   - restarts: independent runs; L-BFGS without line search sometimes diverges or stalls, and
    ///     the run with the lowest final gradient distance is kept (a diverged run is discarded).
    public init(iterations: Int = 300, restarts: Int = 3) {
        configuration = InversionConfiguration(
            iterations: iterations, learningRate: 1, optimizer: .lbfgs(history: 100), simulation: .singleGradient,
            distance: .squaredL2, initialization: .normal, labels: .joint, restarts: restarts)
    }
}

/// iDLG (Zhao et al. 2020): DLG with the label read analytically from the last layer's gradient,
/// so only the image is optimised.
public struct IDLG: GradientInversionAttack {
    public let name = "iDLG"
    public var configuration: InversionConfiguration

    public init(iterations: Int = 300, restarts: Int = 3) {
        configuration = DLG(iterations: iterations, restarts: restarts).configuration
        configuration.labels = .analyticSingle
    }
}

/// Inverting Gradients (Geiping et al. 2020): cosine distance over all layers + TV, Adam on the
/// signed gradient (lr 0.1, ×0.1 step decay), pixels boxed to the valid range, several restarts
/// chosen by attack loss; multi-step FedAvg updates are handled by unrolling the local steps.
public struct InvertingGradients: GradientInversionAttack {
    public let name = "Inverting Gradients"
    public var configuration: InversionConfiguration

    public init(iterations: Int = 2_000, restarts: Int = 2, tvWeight: Float = 1e-4) {
        configuration = InversionConfiguration(
            iterations: iterations, learningRate: 0.1, schedule: .stepDecay,
            optimizer: .signedAdam(beta1: 0.9, beta2: 0.999), simulation: .unrolled, distance: .cosine,
            tvWeight: tvWeight, totalVariation: .meanAbsolute, boxConstraint: true, initialization: .uniform,
            labels: .analyticBatch, restarts: restarts)
    }
}

/// GradInversion (Yin et al. 2021): squared-L2 gradient matching, BN matching against the batch's
/// statistics (which it assumes known: `ThreatModel.normStatistics = .oracle`), TV and L2 image
/// priors, group consistency over several seeds, batch labels read from the FC gradient.
/// Deviation: candidates are fused by plain averaging (no image registration).
public struct GradInversion: GradientInversionAttack {
    public let name = "GradInversion"
    public var configuration: InversionConfiguration

    public init(iterations: Int = 2_000, groupSize: Int = 2) {
        configuration = InversionConfiguration(
            iterations: iterations, learningRate: 0.1, schedule: .warmupCosine(warmup: min(100, iterations / 10)),
            optimizer: .adam(beta1: 0.9, beta2: 0.999), simulation: .singleGradient, distance: .squaredL2,
            normWeight: 1e-2, tvWeight: 1e-4, totalVariation: .frobenius, l2Weight: 1e-5, boxConstraint: true,
            initialization: .uniform, labels: .analyticBatch, groupSize: groupSize, groupWeight: 1e-2)
    }
}
