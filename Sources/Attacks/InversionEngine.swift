import Autodiff
import Exchange
import Foundation
import Kernels
import NN

/// The optimisation loop shared by every attack: initialise the unknowns, then repeatedly evaluate
/// `InversionObjective`, differentiate it with respect to the images (and soft labels), step the
/// optimiser, apply the box constraint and Langevin noise. Restarts are chosen by final attack
/// loss; group candidates are fused by averaging.
public struct InversionEngine: Sendable {
    public let name: String
    public let configuration: InversionConfiguration

    public init(name: String, configuration: InversionConfiguration) {
        self.name = name
        self.configuration = configuration
    }

    /// Reconstructs the client's images from `update`.
    /// - Parameter prior: the prior image [C, H, W] or [1, C, H, W] (needed for `.prior` initialisation).
    public func run(model: any Model, payload: ServerPayload, update: ClientUpdate, threat: ThreatModel,
                    prior: Tensor? = nil, seed: UInt64) throws -> AttackResult {
        let started = Date()
        let objective = try InversionObjective(model: model, configuration: configuration, payload: payload,
                                               update: update, threat: threat)
        let imageShape = [update.metadata.images] + model.inputShape
        if configuration.initialization == .prior {
            guard let prior, prior.count == Shapes.count(model.inputShape) else {
                throw AttackError.invalidInput("\(name): prior initialisation needs a prior image of shape \(model.inputShape)")
            }
        }
        var generator = RandomGenerator(seed: seed)
        var runs: [Run] = []
        var lastError: AttackError?
        for restart in 0..<max(1, configuration.restarts) {
            var group = (0..<max(1, configuration.groupSize)).map { _ in
                Candidate(imageShape: imageShape, classes: model.classes, labelsFixed: objective.fixedLabels != nil,
                          configuration: configuration, prior: prior, generator: &generator)
            }
            let history: [Float], iterationSeconds: [Double]
            do {
                (history, iterationSeconds) = try optimise(&group, objective, restart: restart, generator: &generator)
            } catch let error as AttackError {
                // A diverged run (DLG's L-BFGS does this) is a failed restart; fail only if all do.
                lastError = error
                continue
            }
            let images = group.count == 1 ? group[0].x : Candidate.mean(group.map(\.x))
            let labels = group[0].y
            let terms = evaluateTerms(objective, images: images, labels: labels, shape: imageShape)
            guard terms[.total]!.isFinite else {
                lastError = .nonFinite(attack: name, iteration: configuration.iterations, term: LossTerm.total.rawValue, value: terms[.total]!)
                continue
            }
            runs.append(Run(images: images, labels: labels, terms: terms, history: history, iterationSeconds: iterationSeconds))
        }
        if runs.isEmpty, let lastError { throw lastError }
        let best = runs.enumerated().min { $0.element.terms[.total]! < $1.element.terms[.total]! }!.element
        let predicted = objective.fixedLabels ?? Candidate.argmaxRows(best.labels!, classes: model.classes)
        return AttackResult(images: Tensor(shape: imageShape, scalars: best.images), labels: predicted,
                            finalTerms: best.terms, lossHistory: best.history, historyInterval: historyInterval,
                            restartLosses: runs.map { $0.terms[.total]! }, seconds: Date().timeIntervalSince(started),
                            iterationSeconds: best.iterationSeconds)
    }

    private struct Run {
        let images: [Float]
        let labels: [Float]?
        let terms: [LossTerm: Float]
        let history: [Float]
        let iterationSeconds: [Double]
    }

    var historyInterval: Int { max(1, configuration.iterations / 200) }

    private func optimise(_ group: inout [Candidate], _ objective: InversionObjective, restart: Int,
                          generator: inout RandomGenerator) throws -> (history: [Float], iterationSeconds: [Double]) {
        var history: [Float] = []
        var iterationSeconds: [Double] = []
        let started = Date()
        for iteration in 0..<configuration.iterations {
            let iterationStarted = Date()
            defer { iterationSeconds.append(Date().timeIntervalSince(iterationStarted)) }
            let lr = configuration.learningRate(at: iteration)
            let groupMean = group.count > 1 ? Candidate.mean(group.map(\.x)) : nil
            var totals: [Float] = []
            for c in group.indices {
                let (total, terms, gx, gy) = try evaluate(objective, group[c], iteration: iteration)
                var gradientX = gx
                if let groupMean, configuration.groupWeight > 0 {
                    for i in gradientX.indices { gradientX[i] += 2 * configuration.groupWeight * (group[c].x[i] - groupMean[i]) }
                }
                group[c].step(gradientX: gradientX, gradientY: gy, learningRate: lr, configuration: configuration,
                              generator: &generator)
                totals.append(total)
                if c == 0 { report(iteration, restart, terms, started) }
            }
            if iteration % historyInterval == 0 { history.append(totals[0]) }
            if group.allSatisfy(\.converged) { break }
        }
        return (history, iterationSeconds)
    }

    /// One evaluation: loss terms, their total and the gradients for the images and label logits.
    private func evaluate(_ objective: InversionObjective, _ candidate: Candidate, iteration: Int) throws
        -> (Float, [(LossTerm, Float)], [Float], [Float]?) {
        let x = Tensor(shape: candidate.imageShape, scalars: candidate.x).requiringGradient()
        let y = candidate.y.map { Tensor(shape: [candidate.imageShape[0], candidate.classes], scalars: $0).requiringGradient() }
        let wrt = [x] + (y.map { [$0] } ?? [])
        // Independent groups of terms are evaluated and differentiated concurrently (one graph
        // each); the gradient of the sum is the sum of the groups' gradients.
        let groups = objective.independentTermGroups
        let parts = Parallel.map(groups.count) { i -> (terms: [(name: LossTerm, value: Tensor)], gradients: [Tensor]) in
            let terms = objective.evaluate(x: x, y: y, only: groups[i])
            if terms.isEmpty { return (terms, []) }
            return (terms, gradients(of: terms.map(\.value).reduce(Tensor(0), +), wrt: wrt))
        }
        let terms = parts.flatMap(\.terms).sorted { $0.name < $1.name }
        let values = terms.map { ($0.name, $0.value.item) }
        for (term, value) in values where !value.isFinite {
            throw AttackError.nonFinite(attack: name, iteration: iteration, term: term.rawValue, value: value)
        }
        let grads = withoutRecording {
            wrt.indices.map { k in parts.filter { !$0.gradients.isEmpty }.map { $0.gradients[k] }.reduce(Tensor.zeros(wrt[k].shape), +) }
        }
        let gx = grads[0].scalars
        if gx.contains(where: { !$0.isFinite }) {
            throw AttackError.nonFinite(attack: name, iteration: iteration, term: "gradient", value: .nan)
        }
        return (values.map(\.1).reduce(0, +), values, gx, y == nil ? nil : grads[1].scalars)
    }

    private func evaluateTerms(_ objective: InversionObjective, images: [Float], labels: [Float]?, shape: [Int]) -> [LossTerm: Float] {
        let x = Tensor(shape: shape, scalars: images)
        let y = labels.map { Tensor(shape: [shape[0], $0.count / shape[0]], scalars: $0) }
        var terms = Dictionary(uniqueKeysWithValues: objective.evaluate(x: x, y: y).map { ($0.name, $0.value.item) })
        terms[.total] = LossTerm.total(of: terms)
        return terms
    }

    private func report(_ iteration: Int, _ restart: Int, _ terms: [(LossTerm, Float)], _ started: Date) {
        let interval = configuration.progressInterval
        guard interval > 0, iteration % interval == 0 || iteration == configuration.iterations - 1 else { return }
        let elapsed = Date().timeIntervalSince(started)
        let eta = elapsed / Double(iteration + 1) * Double(configuration.iterations - iteration - 1)
        let described = terms.map { "\($0.0.rawValue) \(String(format: "%.4g", Double($0.1)))" }.joined(separator: ", ")
        let run = configuration.restarts > 1 ? " run \(restart + 1)/\(configuration.restarts)" : ""
        let line = "[\(name)\(run)] iteration \(iteration + 1)/\(configuration.iterations): \(described); ETA \(Int(eta.rounded())) s\n"
        FileHandle.standardError.write(Data(line.utf8))
    }
}
