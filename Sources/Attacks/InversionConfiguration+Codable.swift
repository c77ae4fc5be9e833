import Foundation

/// JSON form of an attack configuration, for `leakage audit --config` and `leakage tune`. Every key is
/// required and unknown keys are rejected, so a typo cannot silently fall back to a default; values
/// out of range are rejected (`validationProblems`). `progressInterval` is a runtime setting and is
/// not part of the file (decoded as 0). Example (the tuned baseline, docs/PAPER.md "The baseline attack"):
///
///     { "iterations": 2000, "learningRate": 0.3,
///       "schedule": { "kind": "warmupCosine", "warmup": 100 },
///       "optimizer": { "kind": "adam", "beta1": 0.9, "beta2": 0.9 },
///       "simulation": "unrolled", "distance": "cosine", "updateWeight": 1, "normWeight": 1, ... }
extension InversionConfiguration: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case iterations, learningRate, schedule, optimizer, simulation, distance, updateWeight, normWeight
        case normMatching, normScaling, tvWeight, totalVariation, l2Weight, boxConstraint, langevinScale
        case initialization, labels, restarts, groupSize, groupWeight
    }

    public init(from decoder: Decoder) throws {
        try decoder.rejectUnknownKeys(allowed: CodingKeys.allCases.map(\.rawValue))
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            iterations: try c.decode(Int.self, forKey: .iterations),
            learningRate: try c.decode(Float.self, forKey: .learningRate),
            schedule: try c.decode(Schedule.self, forKey: .schedule),
            optimizer: try c.decode(Optimizer.self, forKey: .optimizer),
            simulation: try c.decodeChoice(Simulation.self, forKey: .simulation),
            distance: try c.decodeChoice(UpdateDistance.self, forKey: .distance),
            updateWeight: try c.decode(Float.self, forKey: .updateWeight),
            normWeight: try c.decode(Float.self, forKey: .normWeight),
            normMatching: try c.decodeChoice(NormMatching.self, forKey: .normMatching),
            tvWeight: try c.decode(Float.self, forKey: .tvWeight),
            totalVariation: try c.decodeChoice(TotalVariation.self, forKey: .totalVariation),
            l2Weight: try c.decode(Float.self, forKey: .l2Weight),
            boxConstraint: try c.decode(Bool.self, forKey: .boxConstraint),
            langevinScale: try c.decode(Float.self, forKey: .langevinScale),
            initialization: try c.decodeChoice(Initialization.self, forKey: .initialization),
            labels: try c.decodeChoice(LabelStrategy.self, forKey: .labels),
            restarts: try c.decode(Int.self, forKey: .restarts),
            groupSize: try c.decode(Int.self, forKey: .groupSize),
            groupWeight: try c.decode(Float.self, forKey: .groupWeight))
        normScaling = try c.decodeChoice(NormScaling.self, forKey: .normScaling)
        let problems = validationProblems
        guard problems.isEmpty else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: problems.joined(separator: "; ")))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(iterations, forKey: .iterations)
        try c.encode(learningRate, forKey: .learningRate)
        try c.encode(schedule, forKey: .schedule)
        try c.encode(optimizer, forKey: .optimizer)
        try c.encode(simulation, forKey: .simulation)
        try c.encode(distance, forKey: .distance)
        try c.encode(updateWeight, forKey: .updateWeight)
        try c.encode(normWeight, forKey: .normWeight)
        try c.encode(normMatching, forKey: .normMatching)
        try c.encode(normScaling, forKey: .normScaling)
        try c.encode(tvWeight, forKey: .tvWeight)
        try c.encode(totalVariation, forKey: .totalVariation)
        try c.encode(l2Weight, forKey: .l2Weight)
        try c.encode(boxConstraint, forKey: .boxConstraint)
        try c.encode(langevinScale, forKey: .langevinScale)
        try c.encode(initialization, forKey: .initialization)
        try c.encode(labels, forKey: .labels)
        try c.encode(restarts, forKey: .restarts)
        try c.encode(groupSize, forKey: .groupSize)
        try c.encode(groupWeight, forKey: .groupWeight)
    }
}

/// `{"kind": "adam", "beta1": 0.9, "beta2": 0.999}`, `{"kind": "signedAdam", ...}` or `{"kind": "lbfgs", "history": 100}`.
extension InversionConfiguration.Optimizer: Codable {
    enum Kind: String, CaseIterable { case adam, signedAdam, lbfgs }
    enum CodingKeys: String, CodingKey { case kind, beta1, beta2, history }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        switch try c.decodeChoice(Kind.self, forKey: .kind) {
        case .adam, .signedAdam:
            try decoder.rejectUnknownKeys(allowed: ["kind", "beta1", "beta2"])
            let (b1, b2) = (try c.decode(Float.self, forKey: .beta1), try c.decode(Float.self, forKey: .beta2))
            self = try c.decode(String.self, forKey: .kind) == "adam" ? .adam(beta1: b1, beta2: b2) : .signedAdam(beta1: b1, beta2: b2)
        case .lbfgs:
            try decoder.rejectUnknownKeys(allowed: ["kind", "history"])
            self = .lbfgs(history: try c.decode(Int.self, forKey: .history))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case let .adam(b1, b2), let .signedAdam(b1, b2):
            try c.encode(self == .adam(beta1: b1, beta2: b2) ? Kind.adam.rawValue : Kind.signedAdam.rawValue, forKey: .kind)
            try c.encode(b1, forKey: .beta1)
            try c.encode(b2, forKey: .beta2)
        case .lbfgs(let history):
            try c.encode(Kind.lbfgs.rawValue, forKey: .kind)
            try c.encode(history, forKey: .history)
        }
    }
}

/// `{"kind": "constant"}`, `{"kind": "stepDecay"}` or `{"kind": "warmupCosine", "warmup": 100}`.
extension InversionConfiguration.Schedule: Codable {
    enum Kind: String, CaseIterable { case constant, stepDecay, warmupCosine }
    enum CodingKeys: String, CodingKey { case kind, warmup }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        switch try c.decodeChoice(Kind.self, forKey: .kind) {
        case .constant: try decoder.rejectUnknownKeys(allowed: ["kind"]); self = .constant
        case .stepDecay: try decoder.rejectUnknownKeys(allowed: ["kind"]); self = .stepDecay
        case .warmupCosine:
            try decoder.rejectUnknownKeys(allowed: ["kind", "warmup"])
            self = .warmupCosine(warmup: try c.decode(Int.self, forKey: .warmup))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .constant: try c.encode(Kind.constant.rawValue, forKey: .kind)
        case .stepDecay: try c.encode(Kind.stepDecay.rawValue, forKey: .kind)
        case .warmupCosine(let warmup):
            try c.encode(Kind.warmupCosine.rawValue, forKey: .kind)
            try c.encode(warmup, forKey: .warmup)
        }
    }
}
