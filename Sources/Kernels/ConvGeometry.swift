/// Shapes of a 2-D convolution over NCHW input with OIHW weights, square stride and zero padding
/// (PyTorch's `nn.Conv2d` with `dilation=1, groups=1`).
public struct ConvGeometry: Hashable, Sendable, CustomStringConvertible {
    public let batch: Int, inChannels: Int, inHeight: Int, inWidth: Int
    public let outChannels: Int, kernelHeight: Int, kernelWidth: Int
    public let stride: Int, padding: Int

    public init(batch: Int, inChannels: Int, inHeight: Int, inWidth: Int,
                outChannels: Int, kernelHeight: Int, kernelWidth: Int, stride: Int = 1, padding: Int = 0) {
        self.batch = batch; self.inChannels = inChannels; self.inHeight = inHeight; self.inWidth = inWidth
        self.outChannels = outChannels; self.kernelHeight = kernelHeight; self.kernelWidth = kernelWidth
        self.stride = stride; self.padding = padding
    }

    /// Geometry from an input shape `[N, C, H, W]` and a weight shape `[O, C, kH, kW]`, validated.
    public init(input: [Int], weight: [Int], stride: Int, padding: Int, op: String = "conv2d") throws(ShapeError) {
        guard input.count == 4 else { throw ShapeError(op, "input must be [N, C, H, W], got \(input)") }
        guard weight.count == 4 else { throw ShapeError(op, "weight must be [O, C, kH, kW], got \(weight)") }
        guard input[1] == weight[1] else {
            throw ShapeError(op, "input \(input) has \(input[1]) channels but weight \(weight) expects \(weight[1])")
        }
        guard stride >= 1, padding >= 0 else { throw ShapeError(op, "stride \(stride) / padding \(padding) invalid") }
        self.init(batch: input[0], inChannels: input[1], inHeight: input[2], inWidth: input[3],
                  outChannels: weight[0], kernelHeight: weight[2], kernelWidth: weight[3], stride: stride, padding: padding)
        guard outHeight >= 1, outWidth >= 1 else {
            throw ShapeError(op, "kernel \(weight[2])×\(weight[3]) does not fit input \(input) with padding \(padding)")
        }
    }

    public var outHeight: Int { (inHeight + 2 * padding - kernelHeight) / stride + 1 }
    public var outWidth: Int { (inWidth + 2 * padding - kernelWidth) / stride + 1 }
    /// Rows of the im2col matrix: C·kH·kW.
    public var patchSize: Int { inChannels * kernelHeight * kernelWidth }
    /// Columns of the im2col matrix: Ho·Wo.
    public var outPixels: Int { outHeight * outWidth }
    public var inPixels: Int { inHeight * inWidth }
    public var inputShape: [Int] { [batch, inChannels, inHeight, inWidth] }
    public var weightShape: [Int] { [outChannels, inChannels, kernelHeight, kernelWidth] }
    public var outputShape: [Int] { [batch, outChannels, outHeight, outWidth] }
    /// True when the im2col matrix is the input itself (1×1 kernel, stride 1, no padding).
    public var isPointwise: Bool { kernelHeight == 1 && kernelWidth == 1 && stride == 1 && padding == 0 }
    /// Multiply–adds of one forward pass, times two.
    public var forwardFLOPs: Int { 2 * batch * outChannels * patchSize * outPixels }

    public var description: String {
        "conv \(inChannels)→\(outChannels) \(kernelHeight)×\(kernelWidth)/s\(stride)/p\(padding) on \(batch)×\(inHeight)×\(inWidth)"
    }
}
