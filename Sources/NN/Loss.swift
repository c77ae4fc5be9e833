import Autodiff

/// Training targets: class indices, or a distribution per example (soft labels, as the attacks
/// optimise them).
public enum Targets: Sendable {
    case hard([Int])
    case soft(Tensor)

    /// Number of examples.
    public var count: Int {
        switch self {
        case .hard(let labels): labels.count
        case .soft(let p): p.shape[0]
        }
    }

    /// The targets of examples `range` (for splitting a client's data into batches).
    public func slice(_ range: Range<Int>) -> Targets {
        switch self {
        case .hard(let labels): .hard(Array(labels[range]))
        case .soft(let p): .soft(p.sliced(axis: 0, range))
        }
    }
}

public enum Loss {
    /// Mean cross-entropy of logits [N, K] against `targets` (PyTorch's `F.cross_entropy`; with soft
    /// targets, −Σ_k p_k log softmax(z)_k averaged over the batch).
    public static func crossEntropy(_ logits: Tensor, _ targets: Targets) -> Tensor {
        precondition(logits.rank == 2 && targets.count == logits.shape[0],
                     "crossEntropy: logits \(logits.shape) do not match \(targets.count) targets")
        let logProbabilities = logits.logSoftmax(axis: 1)
        switch targets {
        case .hard(let labels):
            let k = logits.shape[1]
            precondition(labels.allSatisfy { $0 >= 0 && $0 < k }, "crossEntropy: a label is outside 0..<\(k)")
            return -(logProbabilities * oneHot(labels, classes: k)).sum() / Float(labels.count)
        case .soft(let p):
            precondition(p.shape == logits.shape, "crossEntropy: soft targets \(p.shape) do not match logits \(logits.shape)")
            return -(logProbabilities * p).sum() / Float(logits.shape[0])
        }
    }

    /// Mean binary cross-entropy with logits: max(z, 0) − z·y + log(1 + e^{−|z|}).
    public static func binaryCrossEntropyWithLogits(_ logits: Tensor, _ targets: Tensor) -> Tensor {
        precondition(logits.shape == targets.shape, "binaryCrossEntropyWithLogits: \(logits.shape) vs \(targets.shape)")
        return (logits.relu() - logits * targets + ((-logits.abs()).exp() + 1).log()).mean()
    }

    /// One-hot rows [N, classes].
    public static func oneHot(_ labels: [Int], classes: Int) -> Tensor {
        Tensor(shape: [labels.count, classes]) { buffer in
            buffer.update(repeating: 0)
            for (i, label) in labels.enumerated() { buffer[i * classes + label] = 1 }
        }
    }
}
