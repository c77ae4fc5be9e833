import Autodiff

/// DLG's LeNet (Zhu et al. 2019): three 5×5 convolutions with sigmoid activations (strides 2, 2, 1,
/// padding 2) and one linear layer; no BatchNorm. State names follow the DLG code
/// (`body.0`, `body.2`, `body.4`, `fc.0`). Weights are initialised U(−0.5, 0.5) as DLG does. The
/// layout is recorded from `logits`.
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

    public func logits(_ x: Tensor, _ ctx: inout ForwardContext) -> Tensor {
        let u = WeightInit.uniform(0.5)
        var h = ctx.conv("body.0", x, out: 12, kernel: 5, stride: 2, padding: 2, bias: true, init: u).sigmoid()
        h = ctx.conv("body.2", h, out: 12, kernel: 5, stride: 2, padding: 2, bias: true, init: u).sigmoid()
        h = ctx.conv("body.4", h, out: 12, kernel: 5, stride: 1, padding: 2, bias: true, init: u).sigmoid()
        return ctx.linear("fc.0", h.flattenedBatch(), out: classes, init: u)
    }
}
