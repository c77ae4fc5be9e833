import Autodiff

/// A width-scalable ResNet of BasicBlocks with torchvision's state-dict names (`conv1`, `bn1`,
/// `layer1.0.conv1`, `layer2.0.downsample.0`, `fc`). The stem is CIFAR-style — a 3×3 stride-1
/// convolution and no max-pool — because our images are 32×32 (64×64 for the radiograph), not
/// 224×224 (docs/PAPER.md "Our setting"). Stages double the width and halve the resolution.
public struct ResNet: Model {
    public let blocks: [Int]
    public let width: Int
    public let inChannels: Int
    public let classes: Int
    public let imageSize: Int

    public init(blocks: [Int], width: Int, inChannels: Int = 1, classes: Int = 10, imageSize: Int = 32) {
        precondition(blocks.count == 4 && blocks.allSatisfy { $0 >= 1 } && width >= 1, "ResNet: bad configuration")
        self.blocks = blocks; self.width = width; self.inChannels = inChannels
        self.classes = classes; self.imageSize = imageSize
    }

    /// `resnet-mini`: BasicBlocks [1, 1, 1, 1], widths w, 2w, 4w, 8w (the benchmark model of docs/DESIGN.md "The benchmark workload").
    public static func mini(width: Int = 16, inChannels: Int = 1, classes: Int = 10, imageSize: Int = 32) -> ResNet {
        ResNet(blocks: [1, 1, 1, 1], width: width, inChannels: inChannels, classes: classes, imageSize: imageSize)
    }

    /// ResNet-18's topology: BasicBlocks [2, 2, 2, 2], widths 64–512 at `width` 64.
    public static func resnet18(width: Int = 64, inChannels: Int = 1, classes: Int = 10, imageSize: Int = 32) -> ResNet {
        ResNet(blocks: [2, 2, 2, 2], width: width, inChannels: inChannels, classes: classes, imageSize: imageSize)
    }

    public var name: String { blocks == [1, 1, 1, 1] ? "resnet-mini-w\(width)" : "resnet\(blocks)-w\(width)" }
    public var inputShape: [Int] { [inChannels, imageSize, imageSize] }

    /// Output channels of stage `s` (0-based).
    func stageWidth(_ s: Int) -> Int { width << s }

    public var stateLayout: [StateEntry] {
        var entries = [Layout.convKaiming("conv1", width, inChannels, 3)] + Layout.batchNorm("bn1", width)
        var inC = width
        for stage in 0..<4 {
            let outC = stageWidth(stage)
            for block in 0..<blocks[stage] {
                let prefix = "layer\(stage + 1).\(block)"
                let stride = stage > 0 && block == 0 ? 2 : 1
                entries.append(Layout.convKaiming("\(prefix).conv1", outC, inC, 3))
                entries += Layout.batchNorm("\(prefix).bn1", outC)
                entries.append(Layout.convKaiming("\(prefix).conv2", outC, outC, 3))
                entries += Layout.batchNorm("\(prefix).bn2", outC)
                if stride != 1 || inC != outC {
                    entries.append(Layout.convKaiming("\(prefix).downsample.0", outC, inC, 1))
                    entries += Layout.batchNorm("\(prefix).downsample.1", outC)
                }
                inC = outC
            }
        }
        return entries + Layout.linear("fc", classes, inC)
    }

    public func logits(_ x: Tensor, _ ctx: inout ForwardContext) -> Tensor {
        var h = ctx.batchNorm("bn1", ctx.conv("conv1", x, stride: 1, padding: 1)).relu()
        var inC = width
        for stage in 0..<4 {
            let outC = stageWidth(stage)
            for block in 0..<blocks[stage] {
                let prefix = "layer\(stage + 1).\(block)"
                let stride = stage > 0 && block == 0 ? 2 : 1
                var y = ctx.batchNorm("\(prefix).bn1", ctx.conv("\(prefix).conv1", h, stride: stride, padding: 1)).relu()
                y = ctx.batchNorm("\(prefix).bn2", ctx.conv("\(prefix).conv2", y, padding: 1))
                let shortcut = stride != 1 || inC != outC
                    ? ctx.batchNorm("\(prefix).downsample.1", ctx.conv("\(prefix).downsample.0", h, stride: stride))
                    : h
                h = (y + shortcut).relu()
                inC = outC
            }
        }
        return ctx.linear("fc", h.globalAveragePool())
    }
}
