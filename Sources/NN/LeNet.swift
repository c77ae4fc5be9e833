import Autodiff

/// DLG's LeNet (Zhu et al. 2019): three 5×5 convolutions with sigmoid activations (strides 2, 2, 1,
/// padding 2) and one linear layer; no BatchNorm. State names follow the DLG code
/// (`body.0`, `body.2`, `body.4`, `fc.0`). Weights are initialised U(−0.5, 0.5) as DLG does.
public struct LeNet: Model {
    public let inChannels: Int
    public let classes: Int
    public let imageSize: Int

    public init(inChannels: Int = 1, classes: Int = 10, imageSize: Int = 32) {
        precondition(imageSize % 4 == 0, "LeNet: image size must be a multiple of 4, got \(imageSize)")
        self.inChannels = inChannels; self.classes = classes; self.imageSize = imageSize
    }

    public var name: String { "lenet" }
    public var inputShape: [Int] { [inChannels, imageSize, imageSize] }
    var features: Int { 12 * (imageSize / 4) * (imageSize / 4) }

    public var stateLayout: [StateEntry] {
        let u = Initializer.uniform(bound: 0.5)
        return [StateEntry("body.0.weight", [12, inChannels, 5, 5], .weight, u), StateEntry("body.0.bias", [12], .bias, u),
                StateEntry("body.2.weight", [12, 12, 5, 5], .weight, u), StateEntry("body.2.bias", [12], .bias, u),
                StateEntry("body.4.weight", [12, 12, 5, 5], .weight, u), StateEntry("body.4.bias", [12], .bias, u),
                StateEntry("fc.0.weight", [classes, features], .weight, u), StateEntry("fc.0.bias", [classes], .bias, u)]
    }

    public func logits(_ x: Tensor, _ ctx: inout ForwardContext) -> Tensor {
        var h = ctx.conv("body.0", x, stride: 2, padding: 2).sigmoid()
        h = ctx.conv("body.2", h, stride: 2, padding: 2).sigmoid()
        h = ctx.conv("body.4", h, stride: 1, padding: 2).sigmoid()
        return ctx.linear("fc.0", h.flattenedBatch())
    }
}
