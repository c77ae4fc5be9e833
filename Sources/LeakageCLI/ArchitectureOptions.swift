import ArgumentParser
import NN

/// The model architecture the update belongs to.
struct ArchitectureOptions: ParsableArguments {
    enum Architecture: String, ExpressibleByArgument, CaseIterable {
        /// torchvision's `resnet18` / `resnet34` / `resnet50` (ImageNet stem: 7×7 stride-2 conv1,
        /// 3×3 stride-2 max-pool): a hospital's `model.state_dict()` loads unchanged.
        case resnet18, resnet34, resnet50
        /// CIFAR stem (3×3 stride-1 conv1, no max-pool): resnet-mini (BasicBlocks [1, 1, 1, 1]) and
        /// ResNet-18's blocks (the report's models; `resnet18` meant this one before issue #19).
        case resnetMini = "resnet-mini", resnet18CIFAR = "resnet18-cifar"
        case lenet, convnet

        /// Width (channels of the first stage) when `--width` is not given.
        var defaultWidth: Int {
            switch self {
            case .resnet18, .resnet34, .resnet50, .resnet18CIFAR: 64
            case .resnetMini, .convnet, .lenet: 16
            }
        }
    }

    @Option(help: "Architecture: \(Architecture.allCases.map(\.rawValue).joined(separator: ", ")). resnet18/34/50 are torchvision's (ImageNet stem); resnet18-cifar and resnet-mini have the CIFAR stem.")
    var arch: Architecture = .resnetMini
    @Option(name: .customLong("width"), help: "Width (channels of the first stage) for the ResNets and convnet (default: 64 for resnet18/34/50 and resnet18-cifar, 16 otherwise).")
    var widthOption: Int?
    @Option(help: "Number of classes of the classifier.") var classes = 10
    @Option(help: "Input channels (3 for RGB images and torchvision models fed RGB; 1 for grey).") var inChannels = 1
    @Option(help: "Input image size (square).") var imageSize = 32

    /// The width in use: `--width`, or the architecture's default.
    var width: Int { widthOption ?? arch.defaultWidth }

    func validate() throws {
        guard width >= 1, classes >= 1, inChannels >= 1, imageSize >= 1 else {
            throw ValidationError("--width, --classes, --in-channels and --image-size must be positive")
        }
        if arch == .lenet && imageSize % 4 != 0 { throw ValidationError("lenet needs an image size that is a multiple of 4") }
    }

    var model: any Model {
        switch arch {
        case .resnet18: ResNet.resnet18(inChannels: inChannels, classes: classes, imageSize: imageSize, width: width)
        case .resnet34: ResNet.resnet34(inChannels: inChannels, classes: classes, imageSize: imageSize, width: width)
        case .resnet50: ResNet.resnet50(inChannels: inChannels, classes: classes, imageSize: imageSize, width: width)
        case .resnetMini: ResNet.mini(width: width, inChannels: inChannels, classes: classes, imageSize: imageSize)
        case .resnet18CIFAR: ResNet.resnet18CIFAR(width: width, inChannels: inChannels, classes: classes, imageSize: imageSize)
        case .lenet: LeNet(inChannels: inChannels, classes: classes, imageSize: imageSize)
        case .convnet: ConvNet(width: width, inChannels: inChannels, classes: classes, imageSize: imageSize)
        }
    }
}
