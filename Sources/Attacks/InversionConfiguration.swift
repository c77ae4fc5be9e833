/// Every knob of the shared inversion engine. The attacks of the literature are presets of it
/// (`DLG`, `IDLG`, `InvertingGradients`, `GradInversion`, `BaselineAttack`). It reads and writes
/// JSON (`InversionConfiguration+Codable.swift`), so an attack can be configured from a file.
public struct InversionConfiguration: Sendable {
    /// What the attacker simulates to compare against the observed update.
    public enum Simulation: String, Sendable, Equatable, Codable, CaseIterable {
        /// One gradient of the loss on all N images at θ_g, compared with g = −Δ/lr
        /// (DLG, iDLG, GradInversion: exact only when the client took one step on one batch).
        case singleGradient
        /// The client's T local SGD steps with its batch split, compared with Δ
        /// (Inverting Gradients' multi-step FedAvg, the paper's baseline).
        case unrolled
    }

    /// How the unknown images start.
    public enum Initialization: String, Sendable, Equatable, Codable, CaseIterable {
        /// The prior image copied N times (docs/PAPER.md "The baseline attack").
        case prior
        /// U(0, 1) pixels.
        case uniform
        /// N(0, 1) pixels (DLG's `torch.randn`).
        case normal
    }

    /// How labels enter the simulation (known labels in the threat model override this).
    public enum LabelStrategy: String, Sendable, Equatable, Codable, CaseIterable {
        /// Soft labels softmax(Y) optimised jointly with the images (DLG; the baseline).
        case joint
        /// iDLG's analytic single label.
        case analyticSingle
        /// GradInversion's batch labels from the FC gradient.
        case analyticBatch
    }

    /// The optimiser of the images (and soft labels).
    public enum Optimizer: Sendable, Equatable {
        case adam(beta1: Float, beta2: Float)
        /// Adam on the sign of the gradient (Inverting Gradients).
        case signedAdam(beta1: Float, beta2: Float)
        /// L-BFGS without line search, PyTorch's algorithm (DLG).
        case lbfgs(history: Int)
    }

    /// The learning-rate schedule over the iterations.
    public enum Schedule: Sendable, Equatable {
        case constant
        /// ×0.1 at 3/8, 5/8 and 7/8 of the iterations (Inverting Gradients' MultiStepLR).
        case stepDecay
        /// Linear warm-up, then cosine decay to 0 (docs/PAPER.md "The baseline attack").
        case warmupCosine(warmup: Int)
    }

    /// Total-variation flavour.
    public enum TotalVariation: String, Sendable, Equatable, Codable, CaseIterable {
        /// Σ of Frobenius norms of 4 neighbour differences (TV₂ of docs/PAPER.md "The baseline attack").
        case frobenius
        /// mean |dx| + mean |dy| (Inverting Gradients).
        case meanAbsolute
    }

    /// Which forward pass yields the statistics μ_l(X), σ²_l(X) compared with recovered or global
    /// running statistics (the oracle is always compared step by step inside the simulation).
    public enum NormMatching: String, Sendable, Equatable, Codable, CaseIterable {
        /// A train-mode forward of X through the client's updated model θ_g + Δ (docs/PAPER.md "The baseline attack").
        case updatedModel
        /// A train-mode forward of X through the global model θ_g.
        case globalModel
        /// The batch statistics of the simulated local steps, combined with the recovery's mixture
        /// weights Σ_t (1−m)^{T−t} s_t + ((1−m)^T − (1−m))/m · r₀ (for T = 1: the statistics of the
        /// forward at θ_g, which is exactly what the client's running statistics recorded).
        case simulatedSteps
    }

    /// How the per-layer distances of the BN term are scaled before summing.
    public enum NormScaling: String, Sendable, Equatable, Codable, CaseIterable {
        /// ‖μ_l − μ̂_l‖₂ + ‖σ²_l − σ̂²_l‖₂ as docs/PAPER.md "The baseline attack" writes it (deep, wide layers dominate).
        case absolute
        /// Each distance divided by the norm of its target, ‖μ_l − μ̂_l‖₂ / ‖μ̂_l‖₂ + ‖σ²_l − σ̂²_l‖₂ / ‖σ̂²_l‖₂,
        /// so every layer counts alike.
        case relative
    }

    public var iterations: Int
    public var learningRate: Float
    public var schedule: Schedule
    public var optimizer: Optimizer
    public var simulation: Simulation
    public var distance: UpdateDistance
    /// α_upd, α_BN, α_TV, α_L2 of the objective in docs/PAPER.md "The baseline attack".
    public var updateWeight: Float
    public var normWeight: Float
    /// Where the BN statistics of X are taken (see `NormMatching`).
    public var normMatching: NormMatching
    /// How BN layers are weighted against each other (see `NormScaling`).
    public var normScaling: NormScaling = .absolute
    public var tvWeight: Float
    public var totalVariation: TotalVariation
    public var l2Weight: Float
    /// Clamp pixels to [0, 1] after every step (Inverting Gradients' box constraint).
    public var boxConstraint: Bool
    /// Scale of the Langevin noise N(0, (scale·lr_t)²) added to X after each step (0 = off).
    public var langevinScale: Float
    public var initialization: Initialization
    public var labels: LabelStrategy
    /// Independent runs; the one with the lowest final attack loss is returned (never chosen by
    /// looking at ground truth).
    public var restarts: Int
    /// GradInversion's group consistency: candidates optimised together, each pulled towards the
    /// group mean with `groupWeight`; the output is the group mean.
    public var groupSize: Int
    public var groupWeight: Float
    /// Print progress to stderr every this many iterations (0 = silent).
    public var progressInterval: Int

    public init(iterations: Int, learningRate: Float, schedule: Schedule = .constant,
                optimizer: Optimizer = .adam(beta1: 0.9, beta2: 0.999), simulation: Simulation,
                distance: UpdateDistance, updateWeight: Float = 1, normWeight: Float = 0,
                normMatching: NormMatching = .updatedModel, tvWeight: Float = 0,
                totalVariation: TotalVariation = .frobenius, l2Weight: Float = 0, boxConstraint: Bool = false,
                langevinScale: Float = 0, initialization: Initialization = .uniform, labels: LabelStrategy = .joint,
                restarts: Int = 1, groupSize: Int = 1, groupWeight: Float = 0, progressInterval: Int = 0) {
        self.iterations = iterations; self.learningRate = learningRate; self.schedule = schedule
        self.optimizer = optimizer; self.simulation = simulation; self.distance = distance
        self.updateWeight = updateWeight; self.normWeight = normWeight; self.normMatching = normMatching
        self.tvWeight = tvWeight
        self.totalVariation = totalVariation; self.l2Weight = l2Weight; self.boxConstraint = boxConstraint
        self.langevinScale = langevinScale; self.initialization = initialization; self.labels = labels
        self.restarts = restarts; self.groupSize = groupSize; self.groupWeight = groupWeight
        self.progressInterval = progressInterval
    }

    /// The learning rate at iteration `t` (0-based).
    public func learningRate(at t: Int) -> Float {
        switch schedule {
        case .constant:
            return learningRate
        case .stepDecay:
            let milestones = [iterations * 3 / 8, iterations * 5 / 8, iterations * 7 / 8]
            return learningRate * powf(0.1, Float(milestones.filter { t >= $0 }.count))
        case .warmupCosine(let warmup):
            if t < warmup { return learningRate * Float(t + 1) / Float(warmup) }
            let progress = Float(t - warmup) / Float(max(iterations - warmup, 1))
            return 0.5 * learningRate * (1 + cosf(.pi * progress))
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
