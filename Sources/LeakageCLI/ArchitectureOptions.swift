import ArgumentParser
import NN

/// The model architecture the update belongs to.
struct ArchitectureOptions: ParsableArguments {
    enum Architecture: String, ExpressibleByArgument, CaseIterable {
        case resnetMini = "resnet-mini", resnet18, lenet, convnet
    }

    @Option(help: "Architecture: \(Architecture.allCases.map(\.rawValue).joined(separator: ", ")).")
    var arch: Architecture = .resnetMini
    @Option(help: "Width (channels of the first stage) for resnet-mini / resnet18 / convnet.")
    var width = 16
    @Option(help: "Number of classes of the classifier.") var classes = 10
    @Option(help: "Input channels.") var inChannels = 1
    @Option(help: "Input image size (square).") var imageSize = 32

    var model: any Model {
        switch arch {
        case .resnetMini: ResNet.mini(width: width, inChannels: inChannels, classes: classes, imageSize: imageSize)
        case .resnet18: ResNet.resnet18(width: width, inChannels: inChannels, classes: classes, imageSize: imageSize)
        case .lenet: LeNet(inChannels: inChannels, classes: classes, imageSize: imageSize)
        case .convnet: ConvNet(width: width, inChannels: inChannels, classes: classes, imageSize: imageSize)
        }
    }
}
