import Autodiff
import Exchange
import NN

/// Analytic label recovery from the last layer's weight update.
///
/// With cross-entropy, ∂L/∂W_fc[k, :] = (p_k − y_k) · h for features h ≥ 0 (after ReLU or
/// sigmoid), so only the true class's row is non-positive. The update of one SGD step is
/// Δ = −lr · g, hence the row of g = −Δ/lr with the most negative entries names the label.
public enum LabelRecovery {
    /// iDLG (Zhao et al. 2020): the one label of a single-image gradient — the row of the FC weight
    /// gradient with the smallest sum.
    public static func singleLabel(update: ClientUpdate, classifierWeight name: String) -> Int {
        let gradient = withoutRecording { -update.delta[name] / update.metadata.learningRate }
        return rowScores(gradient).enumerated().min { $0.element < $1.element }!.offset
    }

    /// The labels a one-image update reveals exactly, or nil when it does not reveal them.
    ///
    /// With one image, every local step's FC weight gradient has a non-positive true row and
    /// non-negative other rows ((p_k − y_k)·h, h ≥ 0), so their sum over any number of steps (and
    /// momentum) keeps that sign pattern: iDLG's rule names the label for 2 classes (the paper's
    /// COVID / normal task) as for 10. An attack that optimises soft labels jointly instead can settle on
    /// the wrong one of two classes, and then its simulated update points against the real one. nil
    /// for several images (labels may repeat) or an FC update without signal (all zeros, e.g. when
    /// train-mode BN saw one value per channel).
    public static func revealedLabels(update: ClientUpdate, global: ModelState) -> [Int]? {
        guard update.metadata.images == 1, let name = classifierWeightName(global),
              let delta = update.delta.tensors[name], delta.rank == 2,
              delta.scalars.contains(where: { $0 != 0 }) else { return nil }
        return [singleLabel(update: update, classifierWeight: name)]
    }

    /// GradInversion (Yin et al. 2021): for a batch of N images with non-repeating labels, the N
    /// rows whose minimum entry is most negative, in increasing order of class index. With more
    /// images than classes (N > K) its assumption cannot hold; the ranking is then reused cyclically
    /// (every class once, then the most likely ones again), so there is still one label per image.
    public static func batchLabels(update: ClientUpdate, classifierWeight name: String, count: Int) -> [Int] {
        let gradient = withoutRecording { -update.delta[name] / update.metadata.learningRate }
        let k = gradient.shape[0], d = gradient.shape[1]
        let values = gradient.scalars
        let minima = (0..<k).map { row in values[(row * d)..<((row + 1) * d)].min() ?? 0 }
        let ranking = minima.enumerated().sorted { $0.element < $1.element }.map(\.offset)
        return (0..<count).map { ranking[$0 % k] }.sorted()
    }

    /// Per-row sums of a matrix.
    static func rowScores(_ matrix: Tensor) -> [Float] {
        let d = matrix.shape[1], values = matrix.scalars
        return (0..<matrix.shape[0]).map { row in values[(row * d)..<((row + 1) * d)].reduce(0, +) }
    }

    /// The classifier's weight entry: the last trainable matrix of the state (e.g. `fc.weight`).
    public static func classifierWeightName(_ state: ModelState) -> String? {
        state.trainableNames.last { state[$0].rank == 2 }
    }
}
