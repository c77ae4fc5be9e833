import NN

/// A model architecture as data, for trial specifications.
public enum ModelRecipe: Codable, Sendable, Hashable {
    /// resnet-mini (BasicBlocks [1, 1, 1, 1], CIFAR stem).
    case resnetMini(width: Int, classes: Int, imageSize: Int)
    /// DLG's sigmoid LeNet.
    case lenet
    /// torchvision's `resnet18` (ImageNet stem: 7×7 stride-2 conv1, padded max-pool; width 64),
    /// from random weights: the paper's model (docs/PAPER.md "The companion experiment").
    case torchvisionResNet18(inChannels: Int, classes: Int, imageSize: Int)

    public var model: any Model {
        switch self {
        case let .resnetMini(width, classes, imageSize): ResNet.mini(width: width, classes: classes, imageSize: imageSize)
        case .lenet: LeNet()
        case let .torchvisionResNet18(inChannels, classes, imageSize):
            ResNet.resnet18(inChannels: inChannels, classes: classes, imageSize: imageSize)
        }
    }
}
