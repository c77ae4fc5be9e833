import ArgumentParser
import Attacks
import Autodiff
import Datasets
import Exchange
import Experiments
import Foundation
import NN

/// `leakage audit`: run the BN-statistics baseline attack on a client update and report how much of
/// the client's data it reconstructs.
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Reconstruct a client's images from its update and score the leakage (RDLV).",
        discussion: """
        Inputs are safetensors files with PyTorch state-dict names: the global model the client started \
        from (--global) and its update Δ = θ_local − θ_global for every entry, BN running statistics and \
        num_batches_tracked included (--update). The attack (the paper's baseline: BN statistics recovered \
        from the running statistics, the client's local steps simulated differentiably) writes its \
        reconstructions to --out. With --client-images (a folder of PNG/PGM files, the images the client \
        trained on, in any order) it also scores each image's best reconstruction by SSIM and RDLV \
        against the prior, and the update's RDLV (the maximum over images).

        Exit status: 0 when the update-level RDLV is at most --threshold (or no images were given), \
        3 when it is above (withhold the update), 1 for errors.
        """)

    @OptionGroup var architecture: ArchitectureOptions
    @Option(help: "Global model state (safetensors).") var global: String
    @Option(help: "Client update Δ (safetensors).") var update: String
    @Option(help: "Client learning rate.") var lr: Float = 0.01
    @Option(help: "Client batch size B.") var batchSize: Int
    @Option(help: "Number of client images N.") var images: Int
    @Option(help: "Local steps T (default: read from num_batches_tracked, else ceil(N/B)).") var localSteps: Int?
    @Option(help: "BN momentum of the client's BatchNorm layers.") var bnMomentum: Float = 0.1
    @Option(help: "Prior image (PNG/PGM, the image size); default: uniform gray 0.5.") var prior: String?
    @Option(help: "Attack iterations.") var iterations = 2_000
    @Option(help: "Random seed.") var seed: UInt64 = 0
    @Option(help: "Folder of the client's own training images (PNG/PGM) to score against.") var clientImages: String?
    @Option(help: "Update-level RDLV above which the update should be withheld.") var threshold: Double = 1.0
    @Option(help: "Output folder.") var out: String
    @Flag(help: "Print attack progress to stderr.") var progress = false

    func run() throws {
        let model = architecture.model
        let globalState = try UpdateLoading.state(global, model: model)
        let delta = try UpdateLoading.state(update, model: model)
        let metadata = TrainingMetadata(images: images, batchSize: batchSize, learningRate: lr, bnMomentum: bnMomentum)
        let revealed = UpdateLoading.revealedSteps(delta)
        let steps = localSteps ?? revealed ?? metadata.localSteps
        guard steps == metadata.localSteps else {
            throw ValidationError("the update took \(steps) local steps, but N = \(images), B = \(batchSize) gives \(metadata.localSteps) for one epoch")
        }
        let priorImage = try loadPrior(size: architecture.imageSize, channels: architecture.inChannels)
        var attack = BaselineAttack.tuned(iterations: iterations)
        attack.configuration.progressInterval = progress ? max(1, iterations / 20) : 0
        let result = try attack.reconstruct(model: model, payload: ServerPayload(round: 0, global: globalState),
                                            update: ClientUpdate(clientID: 0, round: 0, delta: delta, metadata: metadata),
                                            threat: .server, prior: priorImage, seed: seed)
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let reconstructions = (0..<images).map { result.images.sliced(axis: 0, $0..<($0 + 1)) }
        for (i, image) in reconstructions.enumerated() {
            try ImageFile.write(image, to: "\(out)/reconstruction-\(i).png")
        }
        var report = AuditReport(settings: .init(command: self, steps: steps), attack: attack.name,
                                 finalLoss: result.finalTerms, predictedLabels: result.labels, seconds: result.seconds)
        var rows = [reconstructions]
        if let clientImages {
            let originals = try loadImages(folder: clientImages)
            let assessment = try LeakageAssessment.assess(
                reconstructions: result.images, originals: concatenate(originals, axis: 0), prior: priorImage,
                predictedLabels: result.labels, trueLabels: result.labels)
            report.leakage = AuditReport.Leakage(assessment, threshold: threshold)
            rows.insert(originals, at: 0)
        }
        try SideBySide.write(rows: rows, to: "\(out)/side-by-side.png")
        try report.write(to: "\(out)/report.json")
        print(report.summary)
        if let value = report.leakage?.updateRDLV, value > threshold { throw ExitCode(withholdExitCode) }
    }

    private func loadPrior(size: Int, channels: Int) throws -> Tensor {
        guard let prior else { return Tensor(repeating: 0.5, shape: [channels, size, size]) }
        let image = try ImageFile.read(prior)
        guard image.shape == [channels, size, size] else {
            throw ValidationError("\(prior): the prior is \(image.shape), expected [\(channels), \(size), \(size)]")
        }
        return image
    }

    private func loadImages(folder: String) throws -> [Tensor] {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder)
            .filter { ["png", "pgm"].contains(URL(fileURLWithPath: $0).pathExtension.lowercased()) }.sorted()
        guard names.count == images else {
            throw ValidationError("\(folder): found \(names.count) PNG/PGM images, but --images says \(images)")
        }
        return try names.map { name in
            let image = try ImageFile.read("\(folder)/\(name)")
            guard image.shape == architecture.model.inputShape else {
                throw ValidationError("\(folder)/\(name): image is \(image.shape), the model expects \(architecture.model.inputShape)")
            }
            return image.reshaped([1] + image.shape)
        }
    }
}
