import Autodiff
import Exchange
import NN

/// The attack loss of the baseline objective (docs/PAPER.md "The baseline attack"), general enough for every preset:
///
///     L(X, Y) = α_upd · D(ΔW_sim(X, Y), ΔW) + α_BN · Σ_l (‖μ_l(X) − μ̂_l‖₂ + ‖σ²_l(X) − σ̂²_l‖₂)
///             + α_TV · TV(X) + α_L2 · mean_i ‖X_i‖₂
///
/// built only from what the server sees (`ServerPayload`, `ClientUpdate`) and the `ThreatModel`.
struct InversionObjective {
    let model: any Model
    let configuration: InversionConfiguration
    let global: ModelState
    let metadata: TrainingMetadata
    /// Trainable entries compared by the update term.
    let names: [String]
    /// Δ_k (unrolled) or −Δ_k/lr (single gradient, and unrolled over one plain SGD step), constants.
    let observed: [Tensor]
    /// −lr when the unrolled simulation is one plain SGD step: it then yields ∇θℓ rather than
    /// Δ_sim = −lr·∇θℓ, and the update term is D(−lr·∇θℓ, Δ) = f(−lr)·D(∇θℓ, −Δ/lr)
    /// (`UpdateDistance.callAsFunction(_:scaledBy:_:)`): the same term, two fewer passes over the
    /// parameters per iteration. nil otherwise.
    let simulationScale: Float?
    /// BN targets of the recovered / global kind, matched as `configuration.normMatching` says.
    let normTargets: [NormTarget]?
    /// Per-step true batch statistics (oracle), matched inside the simulation.
    let oracle: [[BatchStatistics]]?
    let updatedModel: ModelState
    /// Whether `normTargets` were recovered from the update (rather than the global running statistics).
    let recoveredTargets: Bool
    /// Hard labels when known or recovered analytically; nil means soft labels are optimised.
    let fixedLabels: [Int]?

    init(model: any Model, configuration: InversionConfiguration, payload: ServerPayload, update: ClientUpdate,
         threat: ThreatModel) throws {
        let global = payload.global.detached()
        let problems = model.validate(global) + model.validate(update.delta)
        guard problems.isEmpty else { throw AttackError.invalidInput(problems.joined(separator: "; ")) }
        self.model = model
        self.configuration = configuration
        self.global = global
        self.metadata = update.metadata
        self.names = global.trainableNames
        let lr = update.metadata.learningRate
        let comparesGradient = configuration.simulation == .singleGradient
            || Self.training(update.metadata).isSinglePlainStep(images: update.metadata.images)
        simulationScale = configuration.simulation == .unrolled && comparesGradient ? -lr : nil
        observed = names.map { comparesGradient ? -update.delta[$0].detached() / lr : update.delta[$0].detached() }
        updatedModel = (global + update.delta).detached()
        if case .recoveredFromUpdate = threat.normStatistics { recoveredTargets = true } else { recoveredTargets = false }
        switch threat.normStatistics {
        case .none: normTargets = nil; oracle = nil
        case .globalRunning: normTargets = BatchStatisticsRecovery.globalRunning(global); oracle = nil
        case .recoveredFromUpdate:
            normTargets = BatchStatisticsRecovery.recover(global: global, delta: update.delta.detached(),
                                                          momentum: update.metadata.bnMomentum)
            oracle = nil
        case .oracle(let steps): normTargets = nil; oracle = steps.map { $0.map { $0.detached() } }
        }
        let n = update.metadata.images
        switch threat.labels {
        case .known(let labels):
            guard labels.count == n else { throw AttackError.invalidInput("\(labels.count) known labels for \(n) images") }
            fixedLabels = labels
        case .unknown:
            let classifier = LabelRecovery.classifierWeightName(global)
            switch (configuration.labels, classifier) {
            case (.analyticSingle, let name?): fixedLabels = Array(repeating: LabelRecovery.singleLabel(update: update, classifierWeight: name), count: n)
            case (.analyticBatch, let name?): fixedLabels = LabelRecovery.batchLabels(update: update, classifierWeight: name, count: n)
            default: fixedLabels = nil
            }
        }
    }

    /// The loss terms for images `x` and label logits `y` (nil when labels are fixed), or only those
    /// named in `only`. Always records the graph: the simulation differentiates the client's loss
    /// internally.
    func evaluate(x: Tensor, y: Tensor?, only: Set<LossTerm>? = nil) -> [(name: LossTerm, value: Tensor)] {
        withRecording { terms(x: x, y: y, only: only) }
    }

    /// The terms split into groups whose graphs share nothing but X and Y, so each group can be
    /// evaluated and differentiated on its own thread and the gradients summed: the simulated
    /// update on one side, the BN term on the updated model and the image priors on the other. A BN
    /// term that reads the simulation's statistics (the oracle, or `.simulatedSteps` matching) goes
    /// with the simulation.
    var normTermUsesSimulation: Bool { oracle != nil || (normTargets != nil && configuration.normMatching == .simulatedSteps) }

    var independentTermGroups: [Set<LossTerm>] {
        let simulationTerms: Set<LossTerm> = normTermUsesSimulation ? [.update, .bn] : [.update]
        let rest = Set(LossTerm.components).subtracting(simulationTerms)
        return [simulationTerms, rest]
    }

    private func terms(x: Tensor, y: Tensor?, only: Set<LossTerm>?) -> [(name: LossTerm, value: Tensor)] {
        func wanted(_ name: LossTerm) -> Bool { only?.contains(name) ?? true }
        var terms: [(LossTerm, Tensor)] = []
        let needsSimulation = (configuration.updateWeight != 0 && wanted(.update))
            || (configuration.normWeight != 0 && wanted(.bn) && normTermUsesSimulation)
        var stepStatistics: [[BatchStatistics]] = []
        if needsSimulation {
            let targets: Targets = fixedLabels.map { .hard($0) } ?? .soft(y!.softmax(axis: 1))
            let simulated: [Tensor]
            (simulated, stepStatistics) = simulate(x, targets)
            if configuration.updateWeight != 0 && wanted(.update) {
                let distance = simulationScale.map { configuration.distance(simulated, scaledBy: $0, observed) }
                    ?? configuration.distance(simulated, observed)
                terms.append((.update, distance * configuration.updateWeight))
            }
        }
        if configuration.normWeight != 0 && wanted(.bn), let bn = normTerm(x, stepStatistics) {
            terms.append((.bn, bn * configuration.normWeight))
        }
        if configuration.tvWeight != 0 && wanted(.tv) {
            let tv = configuration.totalVariation == .frobenius ? ImagePrior.totalVariationFrobenius(x) : ImagePrior.totalVariationMean(x)
            terms.append((.tv, tv * configuration.tvWeight))
        }
        if configuration.l2Weight != 0 && wanted(.l2) {
            terms.append((.l2, ImagePrior.meanImageNorm(x) * configuration.l2Weight))
        }
        return terms
    }

    /// The client's local training as the update's metadata describes it.
    private static func training(_ metadata: TrainingMetadata) -> LocalTraining {
        LocalTraining(learningRate: metadata.learningRate, batchSize: metadata.batchSize, epochs: metadata.epochs,
                      momentum: metadata.momentum, bnMomentum: metadata.bnMomentum, bnTrainMode: metadata.bnTrainMode)
    }

    /// The simulated gradient (single gradient, or one plain unrolled step: `simulationScale`) or
    /// update, and the batch statistics of each simulated step.
    private func simulate(_ x: Tensor, _ targets: Targets) -> ([Tensor], [[BatchStatistics]]) {
        switch configuration.simulation {
        case .singleGradient:
            let parameters = names.map { global[$0].requiringGradient() }
            let state = global.replacing(Dictionary(uniqueKeysWithValues: zip(names, parameters)))
            let mode: NormMode = metadata.bnTrainMode ? .train(momentum: metadata.bnMomentum) : .eval
            let result = model.forward(x, state: state, mode: mode)
            let loss = Loss.crossEntropy(result.logits, targets)
            return (gradients(of: loss, wrt: parameters, createGraph: true), [result.batchStatistics])
        case .unrolled:
            let training = Self.training(metadata)
            if simulationScale != nil {
                guard let simulated = training.singleStepGradient(model, from: global, images: x, targets: targets, createGraph: true)
                else { preconditionFailure("InversionObjective: \(x.shape[0]) images for an update of \(metadata.images)") }
                return simulated
            }
            return training.trainableUpdate(model, from: global, images: x, targets: targets, createGraph: true)
        }
    }

    /// Σ_l ‖μ_l − μ̂_l‖₂ + ‖σ²_l − σ̂²_l‖₂ against recovered/global targets (on θ_g + Δ) or the oracle.
    private func normTerm(_ x: Tensor, _ stepStatistics: [[BatchStatistics]]) -> Tensor? {
        if let normTargets {
            let observedStatistics = statisticsOfX(x, stepStatistics)
            let byLayer = Dictionary(uniqueKeysWithValues: observedStatistics.map { ($0.layer, $0) })
            let terms = normTargets.compactMap { target -> Tensor? in
                guard let s = byLayer[target.layer] else { return nil }
                return layerDistance(s.mean, s.unbiasedVariance, target.mean, target.unbiasedVariance)
            }
            return terms.isEmpty ? nil : terms.reduce(Tensor(0), +)
        }
        guard let oracle else { return nil }
        var terms: [Tensor] = []
        // With one simulated gradient over all images but several true steps, compare with the
        // average of the steps' statistics (the closest a single-batch attack can come).
        let truth = stepStatistics.count == oracle.count ? oracle : [averaged(oracle)]
        for (simulated, expected) in zip(stepStatistics, truth) {
            let byLayer = Dictionary(uniqueKeysWithValues: expected.map { ($0.layer, $0) })
            for s in simulated {
                guard let e = byLayer[s.layer] else { continue }
                terms.append(layerDistance(s.mean, s.variance, e.mean, e.variance))
            }
        }
        return terms.isEmpty ? nil : terms.reduce(Tensor(0), +)
    }

    /// ‖μ − μ̂‖₂ + ‖σ² − σ̂²‖₂, each divided by its target's norm under `.relative` scaling.
    private func layerDistance(_ mean: Tensor, _ variance: Tensor, _ targetMean: Tensor, _ targetVariance: Tensor) -> Tensor {
        let meanDistance = (mean - targetMean).l2Norm(epsilon: 1e-20)
        let varianceDistance = (variance - targetVariance).l2Norm(epsilon: 1e-20)
        guard configuration.normScaling == .relative else { return meanDistance + varianceDistance }
        let (meanScale, varianceScale) = withoutRecording {
            (max(targetMean.l2Norm(epsilon: 0).item, 1e-6), max(targetVariance.l2Norm(epsilon: 0).item, 1e-6))
        }
        return meanDistance / meanScale + varianceDistance / varianceScale
    }

    /// μ_l(X) and the unbiased σ²_l(X) of every BN layer, as `configuration.normMatching` says.
    private func statisticsOfX(_ x: Tensor, _ stepStatistics: [[BatchStatistics]]) -> [NormTarget] {
        func targets(_ statistics: [BatchStatistics]) -> [NormTarget] {
            statistics.map { NormTarget(layer: $0.layer, mean: $0.mean, unbiasedVariance: $0.unbiasedVariance) }
        }
        let mode = NormMode.train(momentum: metadata.bnMomentum)
        switch configuration.normMatching {
        case .updatedModel: return targets(model.forward(x, state: updatedModel, mode: mode).batchStatistics)
        case .globalModel: return targets(model.forward(x, state: global, mode: mode).batchStatistics)
        case .simulatedSteps:
            guard recoveredTargets else { return targets(averaged(stepStatistics)) }
            let steps = stepStatistics.map(targets)
            return BatchStatisticsRecovery.globalRunning(global).map { initial in
                let perStep = steps.compactMap { $0.first { $0.layer == initial.layer } }
                return BatchStatisticsRecovery.mixture(steps: perStep, initial: initial, momentum: metadata.bnMomentum)
            }
        }
    }

    private func averaged(_ steps: [[BatchStatistics]]) -> [BatchStatistics] {
        steps[0].indices.map { i in
            let layer = steps.map { $0[i] }
            let count = Float(layer.count)
            return BatchStatistics(layer: layer[0].layer, mean: layer.map(\.mean).reduce(Tensor(0), +) / count,
                                   variance: layer.map(\.variance).reduce(Tensor(0), +) / count, count: layer[0].count)
        }
    }
}
