import Autodiff

// torchvision's residual blocks (torchvision/models/resnet.py). Each declares its layers in
// state-dict order: the main path first, then the `downsample` shortcut.
extension ResNet {
    /// BasicBlock: conv3×3(stride)–BN–ReLU–conv3×3–BN, plus the identity or a 1×1 strided
    /// conv–BN shortcut when the stride or the width changes; ReLU after the sum.
    func basicBlock(_ prefix: String, _ h: Tensor, planes: Int, stride: Int, _ ctx: inout ForwardContext) -> Tensor {
        var y = ctx.batchNorm("\(prefix).bn1", ctx.conv("\(prefix).conv1", h, out: planes, kernel: 3, stride: stride, padding: 1)).relu()
        y = ctx.batchNorm("\(prefix).bn2", ctx.conv("\(prefix).conv2", y, out: planes, kernel: 3, padding: 1))
        return (y + shortcut(prefix, h, out: planes, stride: stride, &ctx)).relu()
    }

    /// Bottleneck (v1.5): conv1×1–BN–ReLU, conv3×3(stride)–BN–ReLU, conv1×1 to 4·planes–BN, plus
    /// the shortcut; ReLU after the sum.
    func bottleneck(_ prefix: String, _ h: Tensor, planes: Int, stride: Int, _ ctx: inout ForwardContext) -> Tensor {
        let out = planes * Block.bottleneck.expansion
        var y = ctx.batchNorm("\(prefix).bn1", ctx.conv("\(prefix).conv1", h, out: planes, kernel: 1)).relu()
        y = ctx.batchNorm("\(prefix).bn2", ctx.conv("\(prefix).conv2", y, out: planes, kernel: 3, stride: stride, padding: 1)).relu()
        y = ctx.batchNorm("\(prefix).bn3", ctx.conv("\(prefix).conv3", y, out: out, kernel: 1))
        return (y + shortcut(prefix, h, out: out, stride: stride, &ctx)).relu()
    }

    /// `h` itself, or `downsample` (1×1 conv with `stride`, then BN) when the shape changes.
    func shortcut(_ prefix: String, _ h: Tensor, out: Int, stride: Int, _ ctx: inout ForwardContext) -> Tensor {
        guard stride != 1 || h.shape[1] != out else { return h }
        return ctx.batchNorm("\(prefix).downsample.1", ctx.conv("\(prefix).downsample.0", h, out: out, kernel: 1, stride: stride))
    }
}
