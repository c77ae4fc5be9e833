import Attacks
import Autodiff
import Datasets
import Exchange
import Federated
import Kernels
import NN
import Provenance
import Trials

/// One attack on one freshly trained client update, as a trial: the client trains one round from
/// the model's initial state (seed `globalSeed`) on the given images, its update is optionally
/// noised, the attack reconstructs, and the reconstructions are scored (`LeakageAssessment`).
/// Everything is in the specification, so a worker process computes the same outcome.
public struct AttackSpec: Trial, Hashable {
    public static let kind = "attack"

    /// Where the client's images come from.
    public enum Images: Codable, Sendable, Hashable {
        /// Evaluation-pool images (Fashion-MNIST train indices below 50,000).
        case pool([Int])
        /// The high-risk client's radiograph at `size`×`size`, with label 1.
        case radiograph(size: Int)
    }

    /// The attack's prior image.
    public enum Prior: Codable, Sendable, Hashable {
        /// The blurred mean of 1,000 tuning images (`StudyData.prior`).
        case study
        /// The radiograph blurred with σ = size/8 px (chapter 2: no radiograph collection to average).
        case blurredRadiograph(size: Int)
    }

    public var attack: AttackRecipe
    public var model: ModelRecipe
    public var globalSeed: UInt64
    public var images: Images
    public var batchSize: Int
    public var learningRate: Float = 0.01
    public var bnTrainMode = true
    public var threat: ThreatKind
    public var prior: Prior = .study
    /// The attack's seed.
    public var seed: UInt64
    /// GaussianPrivacy σ₀ applied to the update, and the seed of its noise.
    public var noise: NoiseSpec?
    /// Pool indices of distractors for GradInversion's identifiability (IIP); nil: not measured.
    public var identifiabilityDistractors: [Int]?
    /// Keep the reconstructions in the outcome (for figures).
    public var keepImages = false
    public var convolutionPath: ConvolutionPath?

    public init(attack: AttackRecipe, model: ModelRecipe, globalSeed: UInt64, images: Images, batchSize: Int,
                threat: ThreatKind, seed: UInt64) {
        self.attack = attack; self.model = model; self.globalSeed = globalSeed; self.images = images
        self.batchSize = batchSize; self.threat = threat; self.seed = seed
    }

    public var label: String {
        let source: String = switch images {
        case .pool(let indices): indices.count == 1 ? "image \(indices[0])" : "\(indices.count) images from \(indices.first ?? 0)"
        case .radiograph(let size): "radiograph \(size)×\(size)"
        }
        return "\(attack.preset.rawValue) (\(attack.iterations) it.) on \(source), B \(batchSize), seed \(seed)"
            + (noise.map { ", σ₀ \($0.sigma0)" } ?? "")
    }

    public func run(in context: TrialContext) throws -> AttackOutcome {
        let model = model.model
        let channels = model.inputShape[0]
        let (greyOrColour, labels) = try loadImages()
        let clientImages = try Self.matching(greyOrColour, channels: channels)
        let client = Client(id: 1, images: clientImages, labels: labels,
                            training: LocalTraining(learningRate: learningRate, batchSize: batchSize, bnTrainMode: bnTrainMode))
        let priorImage = try Self.matching(try loadPrior(), channels: channels)
        let payload = ServerPayload(round: 0, global: model.initialState(seed: globalSeed))
        var outcome = client.train(payload, model: model)
        if let noise {
            var generator = RandomGenerator(seed: noise.seed)
            outcome = outcome.filtered(by: GaussianPrivacy(sigma0: noise.sigma0), generator: &generator)
        }
        let trial = try AttackTrial.attackUpdate(try attack.attack(), model: model, payload: payload, outcome: outcome,
                                                 client: client, threat: threat, prior: priorImage, seed: seed)
        var result = AttackOutcome(trial)
        if let distractors = identifiabilityDistractors, case .pool(let indices) = images {
            let pool = try StudyCache.data(poolSize: (indices + distractors).max()! + 1).pool.subset(indices + distractors).images
            result.identifiability = try LeakageAssessment.identifiability(
                reconstructions: trial.result.images, pool: pool, clientPoolIndices: Array(indices.indices))
        }
        result.lossHistory = trial.result.lossHistory
        result.historyInterval = trial.result.historyInterval
        if keepImages {
            result.reconstructions = StoredImages(trial.result.images)
            result.prior = StoredImages(priorImage)
        }
        return result
    }

    func loadImages() throws -> (Tensor, [Int]) {
        switch images {
        case .pool(let indices):
            guard let last = indices.max(), indices.allSatisfy({ $0 >= 0 }) else {
                throw AttackError.invalidInput("an attack trial needs at least one pool index ≥ 0")
            }
            let data = try StudyCache.data(poolSize: last + 1)
            return (try data.pool.subset(indices).images, indices.map { data.pool.labels[$0] })
        case .radiograph(let size):
            return (try Radiograph.load(size: size), [1])
        }
    }

    /// `images` [N, C, H, W] or [C, H, W] with `channels` channels: a grey image is replicated into
    /// every channel, as torchvision pipelines feed X-rays to an RGB model.
    static func matching(_ images: Tensor, channels: Int) throws -> Tensor {
        let axis = images.rank - 3
        guard axis >= 0 else { throw AttackError.invalidInput("an image tensor needs [C, H, W] or [N, C, H, W], got \(images.shape)") }
        let own = images.shape[axis]
        if own == channels { return images }
        guard own == 1 else {
            throw AttackError.invalidInput("images with \(own) channels for a model that takes \(channels)")
        }
        return concatenate(Array(repeating: images, count: channels), axis: axis)
    }

    func loadPrior() throws -> Tensor {
        switch prior {
        case .study:
            return try StudyCache.data(poolSize: 1).prior
        case .blurredRadiograph(let size):
            return try GaussianBlur.apply(try Radiograph.load(size: size).reshaped([1, size, size]), sigma: Float(size) / 8)
        }
    }
}

/// GaussianPrivacy noise on an update: σ₀ and the seed of the noise draw.
public struct NoiseSpec: Codable, Sendable, Hashable {
    public var sigma0: Float
    public var seed: UInt64
    public init(sigma0: Float, seed: UInt64) { self.sigma0 = sigma0; self.seed = seed }
}

/// What an attack trial measured.
public struct AttackOutcome: Codable, Sendable {
    public var attackName: String
    public var assessment: LeakageAssessment
    public var predictedLabels: [Int]
    public var finalTerms: [LossTerm: Float]
    public var attackSeconds: Double
    /// IIP against the client's images plus the distractors (when asked for).
    public var identifiability: Double?
    public var reconstructions: StoredImages?
    public var prior: StoredImages?
    /// The attack's total loss every `historyInterval` iterations.
    public var lossHistory: [Float]?
    public var historyInterval: Int?

    public init(_ trial: AttackTrial) {
        attackName = trial.attackName
        assessment = trial.assessment
        predictedLabels = trial.result.labels
        finalTerms = trial.result.finalTerms
        attackSeconds = trial.result.seconds
    }

    /// RDLV of each training image's best reconstruction (NaN where undefined).
    public var rdlv: [Double] { assessment.rdlv.map { $0 ?? .nan } }
}
