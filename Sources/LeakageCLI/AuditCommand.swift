import ArgumentParser
import Attacks
import Autodiff
import Datasets
import Exchange
import Experiments
import Foundation
import Leakage
import NN

/// `leakage audit`: run the BN-statistics baseline attack on a client update, score how much of the
/// client's data it reconstructs, and let `LeakageGate` decide whether the update may be sent.
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Reconstruct a client's images from its update, score the leakage (RDLV) and decide: send or withhold.",
        discussion: """
        Inputs are safetensors files with PyTorch state-dict names: the global model the client started \
        from (--global) and its update Δ = θ_local − θ_global for every entry, BN running statistics and \
        num_batches_tracked included (--update). The attack (the paper's baseline: BN statistics recovered \
        from the running statistics, the client's local steps simulated differentiably) writes its \
        reconstructions to --out. With --client-images (a folder of PNG/PGM files, the images the client \
        trained on; they are taken in file-name order) it scores each image's best reconstruction by SSIM \
        and RDLV against the prior; the update's RDLV is the maximum over images.

        The decision (report.json "decision", the last line printed, the exit status) fails closed: \
        the update is withheld when its RDLV is above --threshold, when the RDLV of any image is \
        undefined (the prior is too unlike that image for a relative measure), and when no client \
        images were given (nothing was scored, so nothing vouches for the update). Only a scored update \
        with every image's RDLV defined and at most the threshold is sent.

        The attack is the tuned baseline preset (`--print-config` prints it as JSON); --config FILE runs \
        an edited copy instead, and --iterations overrides the iterations of either.

        Exit status: 0 send, 3 withhold, 1 error (64 for a malformed command line).
        """)

    @OptionGroup var architecture: ArchitectureOptions
    @Option(help: "Global model state (safetensors).") var global: String?
    @Option(help: "Client update Δ (safetensors).") var update: String?
    @Option(help: "Client learning rate.") var lr: Float = 0.01
    @Option(help: "Client batch size B.") var batchSize: Int?
    @Option(help: "Number of client images N.") var images: Int?
    @Option(help: "Local steps T (default: read from num_batches_tracked, else ceil(N/B)).") var localSteps: Int?
    @Option(help: "BN momentum of the client's BatchNorm layers.") var bnMomentum: Float = 0.1
    @Option(help: "Prior image (PNG/PGM, the image size); default: uniform gray 0.5.") var prior: String?
    @Option(help: "Attack configuration (JSON, as --print-config prints it); default: the tuned baseline preset.") var config: String?
    @Option(help: "Attack iterations (default: the configuration's; 2,000 for the preset).") var iterations: Int?
    @Flag(help: "Print the attack configuration as JSON (the preset, or --config with --iterations applied) and exit.")
    var printConfig = false
    @Option(help: "Random seed.") var seed: UInt64 = 0
    @Option(help: "Folder of the client's own training images (PNG/PGM) to score against.") var clientImages: String?
    @Option(help: "The client's true labels, comma-separated in the file-name order of --client-images (enables label accuracy).")
    var clientLabels: String?
    @Option(help: "Update-level RDLV above which the update is withheld.") var threshold: Double = 1.0
    @Option(help: "Output folder.") var out: String?
    @Flag(help: "Print attack progress to stderr.") var progress = false

    /// The preset's iterations when neither --config nor --iterations says otherwise.
    static let defaultIterations = 2_000

    func validate() throws {
        guard !printConfig else { return }
        let missing = [("--global", global == nil), ("--update", update == nil), ("--batch-size", batchSize == nil),
                       ("--images", images == nil), ("--out", out == nil)].filter(\.1).map(\.0)
        guard missing.isEmpty else { throw ValidationError("missing \(missing.joined(separator: ", "))") }
        guard let images, let batchSize, images >= 1, batchSize >= 1 else { throw ValidationError("--images and --batch-size must be ≥ 1") }
        if clientLabels != nil && clientImages == nil { throw ValidationError("--client-labels needs --client-images") }
    }

    func run() throws {
        let attackConfiguration = try configurationToRun()
        if printConfig {
            print(String(decoding: attackConfiguration.jsonData(), as: UTF8.self))
            return
        }
        guard let global, let update, let batchSize, let images, let out else { throw ExitCode.validationFailure }
        let gate = try LeakageGate(threshold: threshold)
        let model = architecture.model
        let globalState = try UpdateLoading.state(global, model: model)
        let delta = try UpdateLoading.state(update, model: model)
        let metadata = TrainingMetadata(images: images, batchSize: batchSize, learningRate: lr, bnMomentum: bnMomentum)
        let steps = localSteps ?? UpdateLoading.revealedSteps(delta) ?? metadata.localSteps
        guard steps == metadata.localSteps else {
            throw InputError("the update took \(steps) local steps, but N = \(images), B = \(batchSize) gives \(metadata.localSteps) for one epoch")
        }
        let priorImage = try loadPrior(size: architecture.imageSize, channels: architecture.inChannels)
        let client = try clientImages.map { try loadImages(folder: $0, count: images) }
        let trueLabels = try clientLabels.map { try parseLabels($0, count: images, classes: architecture.classes) }

        var attack = BaselineAttack(name: config == nil ? "Baseline" : "Baseline (configured by \(config!))",
                                    configuration: attackConfiguration)
        attack.configuration.progressInterval = progress ? max(1, attackConfiguration.iterations / 20) : 0
        let clientUpdate = ClientUpdate(clientID: 0, round: 0, delta: delta, metadata: metadata)
        // One image: the last layer's update gives its label exactly (iDLG's sign rule), so the attack
        // does not have to guess it among the classes (with two classes a wrong guess pins the attack).
        let revealed = LabelRecovery.revealedLabels(update: clientUpdate, global: globalState)
        if let revealed { FileHandle.standardError.write(Data("leakage: label read off the last layer's update: \(revealed[0])\n".utf8)) }
        let threat = ThreatModel(labels: revealed.map { .known($0) } ?? .unknown, normStatistics: .recoveredFromUpdate)
        let result = try attack.reconstruct(model: model, payload: ServerPayload(round: 0, global: globalState),
                                            update: clientUpdate, threat: threat, prior: priorImage, seed: seed)
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let reconstructions = (0..<images).map { result.images.sliced(axis: 0, $0..<($0 + 1)) }
        for (i, image) in reconstructions.enumerated() {
            try ImageFile.write(image, to: "\(out)/reconstruction-\(i).png")
        }
        var assessment: LeakageAssessment?
        if let client {
            assessment = try LeakageAssessment.assess(
                reconstructions: result.images, originals: concatenate(client.images, axis: 0), prior: priorImage,
                predictedLabels: result.labels, trueLabels: trueLabels)
        }
        let decision = gate.decide(imageRDLV: assessment?.rdlv)
        let report = AuditReport(settings: .init(command: self, steps: steps, iterations: attackConfiguration.iterations),
                                 attack: attack.name, configuration: attackConfiguration, result: result,
                                 trueLabels: trueLabels, assessment: assessment, imageFiles: client?.names,
                                 decision: decision, threshold: threshold)
        try SideBySide.write(originals: client?.images, reconstructions: reconstructions, assessment: assessment,
                             to: "\(out)/side-by-side.png")
        try report.write(to: "\(out)/report.json")
        print(report.summary)
        if decision.isWithheld { throw ExitCode(withholdExitCode) }
    }

    /// The preset (or --config), with --iterations applied.
    func configurationToRun() throws -> InversionConfiguration {
        guard let config else { return BaselineAttack.tuned(iterations: iterations ?? Self.defaultIterations).configuration }
        var configuration = try InversionConfiguration.load(path: config)
        if let iterations { configuration.iterations = iterations }
        if let problem = configuration.validationProblems.first { throw InputError("--iterations \(iterations ?? 0): \(problem)") }
        return configuration
    }
}
