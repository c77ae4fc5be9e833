extension InversionConfiguration {
    /// Every out-of-range value, one message each (empty when the configuration can run): at least one
    /// iteration, restart and group member; a finite positive learning rate; finite non-negative term
    /// weights (α_upd, α_BN, α_TV, α_L2 of docs/PAPER.md "The baseline attack"), Langevin scale and group weight;
    /// Adam's β in [0, 1); an L-BFGS history ≥ 1; a warm-up of ≥ 0 steps (longer than the run is
    /// allowed: the learning rate then never reaches its peak).
    public var validationProblems: [String] {
        var problems: [String] = []
        if iterations < 1 { problems.append("iterations must be at least 1, got \(iterations)") }
        if !(learningRate.isFinite && learningRate > 0) { problems.append("learningRate must be finite and > 0, got \(learningRate)") }
        let weights: [(String, Float)] = [("updateWeight", updateWeight), ("normWeight", normWeight), ("tvWeight", tvWeight),
                                          ("l2Weight", l2Weight), ("langevinScale", langevinScale), ("groupWeight", groupWeight)]
        for (name, value) in weights where !(value.isFinite && value >= 0) {
            problems.append("\(name) must be finite and ≥ 0, got \(value)")
        }
        switch optimizer {
        case let .adam(b1, b2), let .signedAdam(b1, b2):
            for (name, beta) in [("optimizer.beta1", b1), ("optimizer.beta2", b2)] where !(beta >= 0 && beta < 1) {
                problems.append("\(name) must be in [0, 1), got \(beta)")
            }
        case .lbfgs(let history):
            if history < 1 { problems.append("optimizer.history must be at least 1, got \(history)") }
        }
        if case .warmupCosine(let warmup) = schedule, warmup < 0 {
            problems.append("schedule.warmup must be ≥ 0, got \(warmup)")
        }
        if restarts < 1 { problems.append("restarts must be at least 1, got \(restarts)") }
        if groupSize < 1 { problems.append("groupSize must be at least 1, got \(groupSize)") }
        if progressInterval < 0 { problems.append("progressInterval must be ≥ 0, got \(progressInterval)") }
        return problems
    }
}
