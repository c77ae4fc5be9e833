/// Label-recovery accuracy (docs/PAPER.md "Measuring leakage": peer tools report it next to image scores).
public enum LabelAccuracy {
    /// Fraction of positions where `predicted[k] == actual[k]`: for attacks whose label order is tied
    /// to the image order (one image, or labels read per example).
    public static func positional(predicted: [Int], actual: [Int]) throws(LeakageError) -> Double {
        try requireComparable(predicted, actual, function: "LabelAccuracy.positional")
        let hits = zip(predicted, actual).filter { $0 == $1 }.count
        return Double(hits) / Double(actual.count)
    }

    /// Multiset overlap `|predicted ∩ actual| / n` (counting repeats): for unordered batch label
    /// recovery (iDLG/GradInversion-style label counts from the last-layer gradient), where only
    /// which labels occur, and how often, is recovered.
    public static func unordered(predicted: [Int], actual: [Int]) throws(LeakageError) -> Double {
        try requireComparable(predicted, actual, function: "LabelAccuracy.unordered")
        var remaining: [Int: Int] = [:]
        for label in actual { remaining[label, default: 0] += 1 }
        var hits = 0
        for label in predicted where remaining[label, default: 0] > 0 {
            remaining[label]! -= 1
            hits += 1
        }
        return Double(hits) / Double(actual.count)
    }

    static func requireComparable(_ predicted: [Int], _ actual: [Int], function: String) throws(LeakageError) {
        guard !actual.isEmpty, predicted.count == actual.count else {
            throw LeakageError(function, "needs as many predicted as true labels (at least one), got \(predicted.count) and \(actual.count)")
        }
    }
}
