import Autodiff

/// A small ConvNet in the style of Inverting Gradients' `ConvNet`: conv–BN–ReLU blocks with 2×2
/// max-pooling between stages, global average pooling and a linear head.
public struct ConvNet: Model {
    public let width: Int
    public let inChannels: Int
    public let classes: Int
    public let imageSize: Int

    public init(width: Int = 16, inChannels: Int = 1, classes: Int = 10, imageSize: Int = 32) {
        self.width = width; self.inChannels = inChannels; self.classes = classes; self.imageSize = imageSize
    }

    public var name: String { "convnet-w\(width)" }
    public var inputShape: [Int] { [inChannels, imageSize, imageSize] }
    var channels: [Int] { [width, 2 * width, 4 * width] }

    public var stateLayout: [StateEntry] {
        var entries: [StateEntry] = []
        var inC = inChannels
        for (i, c) in channels.enumerated() {
            entries += Layout.convDefault("conv\(i)", c, inC, 3) + Layout.batchNorm("bn\(i)", c)
            inC = c
        }
        return entries + Layout.linear("fc", classes, inC)
    }

    public func logits(_ x: Tensor, _ ctx: inout ForwardContext) -> Tensor {
        var h = x
        for i in channels.indices {
            h = ctx.batchNorm("bn\(i)", ctx.conv("conv\(i)", h, padding: 1)).relu()
            if i < channels.count - 1 { h = h.maxPool2d(kernel: 2) }
        }
        return ctx.linear("fc", h.globalAveragePool())
    }
}
