import Autodiff

/// A client's local training as FedAvg runs it (docs/PAPER.md "Threat model and protocol"): SGD over
/// the client's images in order, `batchSize` at a time, T = ceil(n/B) steps per epoch, BN in train
/// mode with `bnMomentum` (or in eval mode), cross-entropy loss. The same code serves the federation (real training,
/// hard labels) and the attacks (a differentiable simulation with soft labels, `createGraph`).
public struct LocalTraining: Sendable {
    public let learningRate: Float
    public let batchSize: Int
    public let epochs: Int
    public let momentum: Float
    public let bnMomentum: Float
    /// BN in train mode (the realistic protocol) or eval mode (normalising with the running
    /// statistics, which then stay unchanged: the favourable setting of the earlier attacks).
    public let bnTrainMode: Bool

    public init(learningRate: Float = 0.01, batchSize: Int, epochs: Int = 1, momentum: Float = 0, bnMomentum: Float = 0.1,
                bnTrainMode: Bool = true) {
        precondition(batchSize >= 1 && epochs >= 1, "LocalTraining: batch size and epochs must be positive")
        self.learningRate = learningRate; self.batchSize = batchSize; self.epochs = epochs
        self.momentum = momentum; self.bnMomentum = bnMomentum; self.bnTrainMode = bnTrainMode
    }

    /// The same training at learning rate `rate` (a decaying schedule over rounds or epochs).
    public func withLearningRate(_ rate: Float) -> LocalTraining {
        LocalTraining(learningRate: rate, batchSize: batchSize, epochs: epochs, momentum: momentum, bnMomentum: bnMomentum,
                      bnTrainMode: bnTrainMode)
    }

    /// Number of SGD steps for `images` examples: epochs · ceil(n/B).
    public func steps(images: Int) -> Int { epochs * ((images + batchSize - 1) / batchSize) }

    /// The batches of one epoch, as index ranges (the last may be smaller).
    public func batches(images: Int) -> [Range<Int>] {
        stride(from: 0, to: images, by: batchSize).map { $0..<min($0 + batchSize, images) }
    }

    /// Trains `model` from `state` on `images` [N, C, H, W] with `targets`. With `createGraph` the
    /// returned state is a differentiable function of the images, targets and initial state (the
    /// attack differentiates through all T steps); otherwise it is a constant.
    /// - Returns: the final state, the mean loss of each step and the BN batch statistics each step saw.
    public func train(_ model: any Model, from state: ModelState, images: Tensor, targets: Targets,
                      createGraph: Bool = false) -> LocalTrainingResult {
        precondition(images.shape[0] == targets.count, "LocalTraining: \(images.shape[0]) images, \(targets.count) targets")
        var current = state
        var losses: [Float] = []
        var statistics: [[BatchStatistics]] = []
        var velocity: [Tensor]?
        let optimizer = SGD(learningRate: learningRate, momentum: momentum)
        let names = state.trainableNames
        for _ in 0..<epochs {
            for range in batches(images: images.shape[0]) {
                let parameters = stepParameters(current, names, createGraph: createGraph)
                let (result, loss, grads) = step(model, current, names: names, parameters: parameters, images: images,
                                                 targets: targets, range: range, createGraph: createGraph)
                let update = {
                    optimizer.step(parameters, gradients: grads, velocity: velocity)
                }
                let (next, nextVelocity) = createGraph ? update() : withoutRecording(update)
                velocity = nextVelocity
                var replacements = Dictionary(uniqueKeysWithValues: zip(names, next))
                for (name, buffer) in result.updatedBuffers { replacements[name] = createGraph ? buffer : buffer.detached() }
                current = current.replacing(replacements)
                if !createGraph { current = current.detached() }
                losses.append(loss.item)
                statistics.append(createGraph ? result.batchStatistics : result.batchStatistics.map { $0.detached() })
            }
        }
        return LocalTrainingResult(state: current, losses: losses, batchStatistics: statistics)
    }

    /// The tensors a step differentiates with respect to: the state's own when they carry the
    /// graph of earlier steps (`createGraph`), otherwise fresh leaves.
    func stepParameters(_ state: ModelState, _ names: [String], createGraph: Bool) -> [Tensor] {
        names.map { name in createGraph && state[name].requiresGradient ? state[name] : state[name].requiringGradient() }
    }

    /// One step's forward pass on images `range` with `parameters` in place of `names`, its loss
    /// and the loss's gradients with respect to `parameters`.
    func step(_ model: any Model, _ state: ModelState, names: [String], parameters: [Tensor], images: Tensor, targets: Targets,
              range: Range<Int>, createGraph: Bool) -> (ForwardResult, Tensor, [Tensor]) {
        let stepState = state.replacing(Dictionary(uniqueKeysWithValues: zip(names, parameters)))
        // Training needs the graph of its own forward pass even when called from a non-recording scope.
        return withRecording {
            let result = model.forward(images.sliced(axis: 0, range), state: stepState, mode: bnTrainMode ? .train(momentum: bnMomentum) : .eval)
            let loss = Loss.crossEntropy(result.logits, targets.slice(range))
            return (result, loss, gradients(of: loss, wrt: parameters, createGraph: createGraph))
        }
    }
}

/// The outcome of `LocalTraining.train`.
public struct LocalTrainingResult {
    /// θ after the T local steps.
    public let state: ModelState
    /// The mini-batch loss of each step.
    public let losses: [Float]
    /// Per step, the batch statistics of every BN layer (what GradInversion's oracle knows).
    public let batchStatistics: [[BatchStatistics]]
}
