import Autodiff

extension LocalTraining {
    /// The update Δ = θ_T − θ_0 of every trainable tensor (in `state.trainableNames` order) after
    /// training `model` from `state` on `images`, and the BN batch statistics of each step: what
    /// an attack compares with a client's update (docs/PAPER.md "The baseline attack").
    ///
    /// One plain SGD step (T = 1, no momentum) gives Δ = −lr·∇θℓ directly. That is θ_1 − θ_0 up to
    /// the rounding of θ_0 − lr·g and its difference with θ_0, and it takes one pass over the
    /// parameters instead of a step and a difference (and one instead of two in the gradient):
    /// at ResNet-18's 11 million parameters those passes cost as much as a layer's convolutions.
    /// Otherwise the training runs as `train` does and Δ is the difference of the states.
    public func trainableUpdate(_ model: any Model, from state: ModelState, images: Tensor, targets: Targets,
                                createGraph: Bool = false) -> (update: [Tensor], batchStatistics: [[BatchStatistics]]) {
        guard let (grads, statistics) = singleStepGradient(model, from: state, images: images, targets: targets,
                                                           createGraph: createGraph) else {
            let names = state.trainableNames
            let result = train(model, from: state, images: images, targets: targets, createGraph: createGraph)
            return (names.map { result.state[$0] - state[$0] }, result.batchStatistics)
        }
        let update = { grads.map { $0 * (-learningRate) } }
        return (createGraph ? update() : withoutRecording(update), statistics)
    }

    /// Whether training on `images` examples is one plain SGD step (T = 1, no momentum), whose
    /// update is Δ = −lr·∇θℓ.
    public func isSinglePlainStep(images: Int) -> Bool { steps(images: images) == 1 && momentum == 0 }

    /// The gradient ∇θℓ of every trainable tensor (in `state.trainableNames` order) and the step's
    /// BN batch statistics when the training is one plain SGD step (`isSinglePlainStep`), nil
    /// otherwise. An attack that compares ∇θℓ with −Δ/lr instead of −lr·∇θℓ with Δ
    /// (`UpdateDistance.callAsFunction(_:scaledBy:_:)`) saves a pass over the parameters each way.
    public func singleStepGradient(_ model: any Model, from state: ModelState, images: Tensor, targets: Targets,
                                   createGraph: Bool = false) -> (gradient: [Tensor], batchStatistics: [[BatchStatistics]])? {
        guard isSinglePlainStep(images: images.shape[0]) else { return nil }
        let names = state.trainableNames
        let (result, _, grads) = step(model, state, names: names, parameters: stepParameters(state, names, createGraph: createGraph),
                                      images: images, targets: targets, range: 0..<images.shape[0], createGraph: createGraph)
        return (grads, [createGraph ? result.batchStatistics : result.batchStatistics.map { $0.detached() }])
    }
}
