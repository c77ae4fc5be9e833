/// A term of the attack objective (docs/PAPER.md "The baseline attack"):
///
///     L(X, Y) = α_upd · D(ΔW_sim, ΔW) + α_BN · BN(X) + α_TV · TV(X) + α_L2 · mean_i ‖X_i‖₂
///
/// The raw values are the names reports and result files have always used ("update", "bn", "tv",
/// "l2", "total"), so JSON written before the enum existed stays readable, and dictionaries keyed by
/// a term encode as JSON objects.
public enum LossTerm: String, Sendable, Codable, CaseIterable, CodingKeyRepresentable, Comparable {
    /// α_upd · D(ΔW_sim(X, Y), ΔW): the simulated update (or gradient) against the observed one.
    case update
    /// α_BN · Σ_l (‖μ_l(X) − μ̂_l‖₂ + ‖σ²_l(X) − σ̂²_l‖₂): BN statistics of X against their targets.
    case bn
    /// α_TV · TV(X): total variation of the images.
    case tv
    /// α_L2 · mean_i ‖X_i‖₂: the images' norm.
    case l2
    /// The sum of the other terms (reported, never optimised on its own).
    case total

    /// The terms the objective adds up, in the order they are reported.
    public static let components: [LossTerm] = [.update, .bn, .tv, .l2]

    /// The sum of the components in `terms`, added in the order of `components` (a dictionary's
    /// own order changes from process to process, and with it the sum's last bit).
    public static func total(of terms: [LossTerm: Float]) -> Float {
        components.compactMap { terms[$0] }.reduce(0, +)
    }

    /// Orders terms as reported: update, bn, tv, l2, total.
    public static func < (a: LossTerm, b: LossTerm) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}
