import Autodiff

/// A small ConvNet in the style of Inverting Gradients' `ConvNet`: conv–BN–ReLU blocks with 2×2
/// max-pooling between stages, global average pooling and a linear head (PyTorch's default
/// initialisers). The layout is recorded from `logits`.
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

    public func logits(_ x: Tensor, _ ctx: inout ForwardContext) -> Tensor {
        var h = x
        for (i, c) in channels.enumerated() {
            h = ctx.batchNorm("bn\(i)", ctx.conv("conv\(i)", h, out: c, kernel: 3, padding: 1, bias: true, init: .pytorchDefault)).relu()
            if i < channels.count - 1 { h = h.maxPool2d(kernel: 2) }
        }
        return ctx.linear("fc", h.globalAveragePool(), out: classes)
    }
}
