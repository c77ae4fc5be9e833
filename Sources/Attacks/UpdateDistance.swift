import Autodiff

/// How simulated and observed updates (or gradients) are compared, summed over state entries k.
public enum UpdateDistance: String, Sendable, Codable, CaseIterable {
    /// Σ_k ‖a_k − b_k‖₂ (the baseline objective, docs/PAPER.md "The baseline attack").
    case l2
    /// Σ_k ‖a_k − b_k‖² (DLG, iDLG, GradInversion).
    case squaredL2
    /// 1 − ⟨a, b⟩ / (‖a‖‖b‖) over all entries jointly (Inverting Gradients).
    case cosine

    /// The distance between the simulated tensors `a` and the observed constants `b`.
    public func callAsFunction(_ a: [Tensor], _ b: [Tensor]) -> Tensor {
        precondition(a.count == b.count && !a.isEmpty, "UpdateDistance: \(a.count) vs \(b.count) entries")
        switch self {
        case .l2:
            return zip(a, b).map { $0.distance(to: $1, epsilon: 1e-20) }.reduce(Tensor(0), +)
        case .squaredL2:
            return zip(a, b).map { $0.squaredDistance(to: $1) }.reduce(Tensor(0), +)
        case .cosine:
            let dot = zip(a, b).map { ($0 * $1).sum() }.reduce(Tensor(0), +)
            let normA = a.map { $0.squared().sum() }.reduce(Tensor(0), +)
            let normB = withoutRecording { b.map { $0.squared().sum().item }.reduce(0, +) }
            return 1 - dot / (normA + 1e-20).sqrt() / max(normB, 1e-20).squareRoot()
        }
    }

    /// D(s·a, b) computed as f(s)·D(a, b/s), with `bOverS` = b/s given: f = |s| for `.l2`, s² for
    /// `.squaredL2` and 1 for `.cosine` (cos(s·a, b) = sign(s)·cos(a, b) = cos(a, b/s)). Equal to
    /// D(s·a, b) up to rounding for s ≠ 0, without materialising s·a or its gradient: for the
    /// baseline attack's one-step update Δ = −lr·∇ (`LocalTraining.singleStepGradient`).
    public func callAsFunction(_ a: [Tensor], scaledBy s: Float, _ bOverS: [Tensor]) -> Tensor {
        precondition(s != 0 && s.isFinite, "UpdateDistance: scale \(s)")
        let distance = self(a, bOverS)
        switch self {
        case .l2: return distance * abs(s)
        case .squaredL2: return distance * (s * s)
        case .cosine: return distance
        }
    }
}
