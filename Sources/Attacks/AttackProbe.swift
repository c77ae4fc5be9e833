import Autodiff
import Exchange
import NN

/// Evaluates an attack objective at given images (diagnostics and tests: e.g. the objective at the
/// ground truth, or the loss landscape between the prior and the truth).
public enum AttackProbe {
    /// The weighted loss terms of `configuration`'s objective at `images` [N, C, H, W], with
    /// `labelLogits` [N, K] when labels are optimised (nil: labels known or recovered analytically).
    public static func terms(model: any Model, configuration: InversionConfiguration, payload: ServerPayload,
                             update: ClientUpdate, threat: ThreatModel, images: Tensor, labelLogits: Tensor? = nil) throws -> [LossTerm: Float] {
        let objective = try InversionObjective(model: model, configuration: configuration, payload: payload,
                                               update: update, threat: threat)
        let y = objective.fixedLabels == nil ? (labelLogits ?? Tensor.zeros([images.shape[0], model.classes])) : nil
        var terms = Dictionary(uniqueKeysWithValues: objective.evaluate(x: images, y: y).map { ($0.name, $0.value.item) })
        terms[.total] = LossTerm.total(of: terms)
        return terms
    }
}

extension AttackProbe {
    /// The gradient of `configuration`'s total objective with respect to `images` (for gradient checks).
    public static func gradient(model: any Model, configuration: InversionConfiguration, payload: ServerPayload,
                                update: ClientUpdate, threat: ThreatModel, images: Tensor, labelLogits: Tensor? = nil) throws -> Tensor {
        let objective = try InversionObjective(model: model, configuration: configuration, payload: payload,
                                               update: update, threat: threat)
        let x = images.detached().requiringGradient()
        let y = objective.fixedLabels == nil ? (labelLogits ?? Tensor.zeros([images.shape[0], model.classes])) : nil
        let total = objective.evaluate(x: x, y: y).map(\.value).reduce(Tensor(0), +)
        return gradients(of: total, wrt: [x])[0]
    }
}
