import Autodiff

/// ResNets with torchvision's state-dict names (`conv1`, `bn1`, `layer1.0.conv1`,
/// `layer2.0.downsample.0`, `fc`), in two stems:
///
/// - `.imagenet`: torchvision's `resnet18` / `resnet34` / `resnet50` exactly — a 7×7 stride-2
///   conv1 (padding 3, no bias), BN, ReLU, a 3×3 stride-2 max-pool (padding 1), layer1–4, global
///   average pooling and `fc` — so a `model.state_dict()` saved with safetensors loads unchanged
///   (torchvision/models/resnet.py, ResNet v1.5: the stride sits on the Bottleneck's 3×3 conv).
/// - `.cifar`: a 3×3 stride-1 conv1 and no max-pool, for 32×32 images (docs/PAPER.md "Our setting"):
///   `resnet-mini` and the CIFAR-stem ResNet-18 the report's chapters use.
///
/// Stages double the width and halve the resolution. The architecture is declared once, in
/// `logits` (its state layout is recorded from it; ResNet+Blocks.swift has the blocks).
public struct ResNet: Model {
    /// The layers before `layer1`.
    public enum Stem: String, Sendable {
        /// 3×3 stride-1 conv1, BN, ReLU; no max-pool.
        case cifar
        /// torchvision's: 7×7 stride-2 conv1 (padding 3), BN, ReLU, 3×3 stride-2 max-pool (padding 1).
        case imagenet
    }

    /// The residual block (torchvision's `BasicBlock` or `Bottleneck`).
    public enum Block: String, Sendable {
        /// Two 3×3 convolutions (expansion 1): ResNet-18, -34.
        case basic
        /// 1×1, 3×3 (strided), 1×1 to 4× the width (expansion 4): ResNet-50.
        case bottleneck

        /// Output channels per unit of stage width.
        public var expansion: Int { self == .basic ? 1 : 4 }
    }

    public let blocks: [Int]
    public let width: Int
    public let inChannels: Int
    public let classes: Int
    public let imageSize: Int
    public let stem: Stem
    public let block: Block

    public init(blocks: [Int], width: Int, inChannels: Int = 1, classes: Int = 10, imageSize: Int = 32,
                stem: Stem = .cifar, block: Block = .basic) {
        precondition(blocks.count == 4 && blocks.allSatisfy { $0 >= 1 } && width >= 1 && classes >= 1 && inChannels >= 1,
                     "ResNet: bad configuration")
        self.blocks = blocks; self.width = width; self.inChannels = inChannels
        self.classes = classes; self.imageSize = imageSize; self.stem = stem; self.block = block
    }

    /// `resnet-mini`: CIFAR stem, BasicBlocks [1, 1, 1, 1], widths w, 2w, 4w, 8w (the benchmark model of docs/DESIGN.md "The benchmark workload").
    public static func mini(width: Int = 16, inChannels: Int = 1, classes: Int = 10, imageSize: Int = 32) -> ResNet {
        ResNet(blocks: [1, 1, 1, 1], width: width, inChannels: inChannels, classes: classes, imageSize: imageSize)
    }

    /// ResNet-18's blocks with the CIFAR stem (`resnet18-cifar`): BasicBlocks [2, 2, 2, 2], widths 64–512 at `width` 64.
    public static func resnet18CIFAR(width: Int = 64, inChannels: Int = 1, classes: Int = 10, imageSize: Int = 32) -> ResNet {
        ResNet(blocks: [2, 2, 2, 2], width: width, inChannels: inChannels, classes: classes, imageSize: imageSize)
    }

    /// torchvision's `resnet18(num_classes: classes)` with `inChannels` input channels (conv1 is
    /// [64, inChannels, 7, 7]). `width` ≠ 64 scales every stage (not a torchvision model).
    public static func resnet18(inChannels: Int = 3, classes: Int = 1000, imageSize: Int = 224, width: Int = 64) -> ResNet {
        ResNet(blocks: [2, 2, 2, 2], width: width, inChannels: inChannels, classes: classes, imageSize: imageSize, stem: .imagenet)
    }

    /// torchvision's `resnet34`: BasicBlocks [3, 4, 6, 3].
    public static func resnet34(inChannels: Int = 3, classes: Int = 1000, imageSize: Int = 224, width: Int = 64) -> ResNet {
        ResNet(blocks: [3, 4, 6, 3], width: width, inChannels: inChannels, classes: classes, imageSize: imageSize, stem: .imagenet)
    }

    /// torchvision's `resnet50`: Bottlenecks [3, 4, 6, 3], 2048 features into `fc`.
    public static func resnet50(inChannels: Int = 3, classes: Int = 1000, imageSize: Int = 224, width: Int = 64) -> ResNet {
        ResNet(blocks: [3, 4, 6, 3], width: width, inChannels: inChannels, classes: classes, imageSize: imageSize,
               stem: .imagenet, block: .bottleneck)
    }

    public var name: String {
        switch stem {
        case .cifar: return blocks == [1, 1, 1, 1] ? "resnet-mini-w\(width)" : "resnet\(blocks)-w\(width)"
        case .imagenet:
            let known: String? = switch (blocks, block) {
            case ([2, 2, 2, 2], .basic): "resnet18"
            case ([3, 4, 6, 3], .basic): "resnet34"
            case ([3, 4, 6, 3], .bottleneck): "resnet50"
            default: nil
            }
            let base = known ?? "resnet\(blocks)-\(block.rawValue)"
            return width == 64 ? base : "\(base)-w\(width)"
        }
    }

    public var inputShape: [Int] { [inChannels, imageSize, imageSize] }

    /// Planes (stage width before expansion) of stage `s` (0-based).
    func stageWidth(_ s: Int) -> Int { width << s }

    public func logits(_ x: Tensor, _ ctx: inout ForwardContext) -> Tensor {
        var h: Tensor
        switch stem {
        case .cifar:
            h = ctx.batchNorm("bn1", ctx.conv("conv1", x, out: width, kernel: 3, padding: 1)).relu()
        case .imagenet:
            h = ctx.batchNorm("bn1", ctx.conv("conv1", x, out: width, kernel: 7, stride: 2, padding: 3)).relu()
            h = h.maxPool2d(kernel: 3, stride: 2, padding: 1)
        }
        for stage in 0..<4 {
            for index in 0..<blocks[stage] {
                let prefix = "layer\(stage + 1).\(index)"
                let stride = stage > 0 && index == 0 ? 2 : 1
                switch block {
                case .basic: h = basicBlock(prefix, h, planes: stageWidth(stage), stride: stride, &ctx)
                case .bottleneck: h = bottleneck(prefix, h, planes: stageWidth(stage), stride: stride, &ctx)
                }
            }
        }
        return ctx.linear("fc", h.globalAveragePool(), out: classes)
    }
}
