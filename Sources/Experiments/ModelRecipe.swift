import NN

/// A model architecture as data, for trial specifications.
public enum ModelRecipe: Codable, Sendable, Hashable {
    /// resnet-mini (BasicBlocks [1, 1, 1, 1], CIFAR stem).
    case resnetMini(width: Int, classes: Int, imageSize: Int)
    /// DLG's sigmoid LeNet.
    case lenet

    public var model: any Model {
        switch self {
        case let .resnetMini(width, classes, imageSize): ResNet.mini(width: width, classes: classes, imageSize: imageSize)
        case .lenet: LeNet()
        }
    }
}
