import Attacks

/// An attack as data: one of the presets of the literature or the paper's baseline, with its
/// budget, so that a trial specification can name it and a worker can rebuild it.
public struct AttackRecipe: Codable, Sendable, Hashable {
    public enum Preset: String, Codable, Sendable, CaseIterable {
        case dlg, idlg, invertingGradients, gradInversion
        /// The paper's baseline, re-weighted for our scale (`BaselineAttack.tuned`).
        case baseline
        /// The baseline with the paper's weights (`BaselineAttack.paper`).
        case baselinePaperWeights
        /// What the companion code optimises (`BaselineAttack.releasedCode`).
        case baselineReleasedCode
    }

    public var preset: Preset
    public var iterations: Int
    /// Restarts for the presets that take them (DLG, iDLG, Inverting Gradients).
    public var restarts: Int
    /// Replaces the preset's initialisation of the images ("prior", "uniform", "normal").
    public var initialization: String?

    public init(_ preset: Preset, iterations: Int, restarts: Int = 1, initialization: String? = nil) {
        self.preset = preset
        self.iterations = iterations
        self.restarts = restarts
        self.initialization = initialization
    }

    /// The attack this recipe describes.
    public func attack() throws -> any GradientInversionAttack {
        var attack: any GradientInversionAttack
        switch preset {
        case .dlg: attack = DLG(iterations: iterations, restarts: restarts)
        case .idlg: attack = IDLG(iterations: iterations, restarts: restarts)
        case .invertingGradients: attack = InvertingGradients(iterations: iterations, restarts: restarts)
        case .gradInversion: attack = GradInversion(iterations: iterations)
        case .baseline: attack = BaselineAttack.tuned(iterations: iterations)
        case .baselinePaperWeights: attack = BaselineAttack.paper(iterations: iterations)
        case .baselineReleasedCode: attack = BaselineAttack.releasedCode(iterations: iterations)
        }
        guard let initialization else { return attack }
        guard var baseline = attack as? BaselineAttack else {
            throw AttackError.invalidInput("the initialisation can only be replaced for the baseline presets, not \(preset)")
        }
        switch initialization {
        case "prior": baseline.configuration.initialization = .prior
        case "uniform": baseline.configuration.initialization = .uniform
        case "normal": baseline.configuration.initialization = .normal
        default: throw AttackError.invalidInput("unknown initialisation '\(initialization)' (prior, uniform or normal)")
        }
        return baseline
    }
}
