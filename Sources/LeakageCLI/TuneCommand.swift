import ArgumentParser
import Attacks
import Autodiff
import Experiments
import Federated
import Foundation
import NN

/// `leakage tune`: runs an attack configuration on tuning images only (Fashion-MNIST train indices
/// 50,000 ..< 51,000; docs/PAPER.md "Our setting": tune on tuning cases, freeze, then evaluate), prints
/// every run's SSIM/RDLV and their medians, and appends a record of the run to a JSON-lines log.
/// It replaces the former environment-variable harness of the attack tests (docs/tuning.md).
struct TuneCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tune",
        abstract: "Run an attack configuration on tuning images, print SSIM/RDLV per run with medians, and log the run.",
        discussion: """
        The attack is a preset (--attack, default the tuned baseline) or a JSON file (--config, as \
        `leakage audit --print-config` prints it), with --iterations and any number of --set key=value \
        overrides of its JSON form (e.g. --set tvWeight=0.1 --set optimizer.beta2=0.9 --set distance=l2).

        Data: tuning offsets k are Fashion-MNIST train indices 50,000 + k, k in 0 ..< 1,000; the prior is \
        the blurred mean of train images 51,000 ..< 52,000. The evaluation pool (train indices < 50,000) \
        and the test split cannot be reached: an offset outside the tuning range is an error.

        For every client shape N:B (--client, default 1:1), every first offset k (--images) and every \
        attack seed (--seeds), a client holding tuning images k ..< k + N trains one local epoch at batch \
        size B from a randomly initialised model (--model-seed), and the attack reconstructs its images \
        from the update. Scores are the chapters' (LeakageAssessment: companion scaling, best \
        reconstruction per image). A run "succeeds" when its RDLV exceeds 0.3 (docs/tuning.md).

        Each invocation appends one JSON line to --log (default docs/tuning-log.jsonl): date, git commit, \
        command line, attack configuration, settings, every run and the medians. The log is rewritten \
        atomically (read, append, write a temporary file, rename). --no-log skips it.
        """)

    @OptionGroup var architecture: ArchitectureOptions
    @Option(help: "Preset: \(TunePreset.allCases.map(\.rawValue).joined(separator: ", ")).") var attack: TunePreset = .tuned
    @Option(help: "Attack configuration file (JSON); replaces --attack.") var config: String?
    @Option(help: "Attack iterations (default: the configuration's).") var iterations: Int?
    @Option(name: .customLong("set"), help: "Override of the configuration's JSON form, key=value (repeatable).")
    var overrides: [String] = []
    @Option(help: "First tuning offsets of the clients, comma-separated (train index 50,000 + k).") var images = "0,1,2,3,4"
    @Option(name: .customLong("client"), help: "Client shape N:B, images and batch size (repeatable; default 1:1).")
    var clients: [String] = []
    @Option(help: "Attack seeds, comma-separated.") var seeds = "1"
    @Option(help: "Seed of the model's random initialisation.") var modelSeed: UInt64 = 1
    @Option(help: "What the attacker knows: \(ThreatKind.allCases.map(\.rawValue).joined(separator: ", ")).")
    var threat: ThreatKind = .server
    @Flag(help: "The client trains with BN in eval mode (Inverting Gradients' setting).") var bnEval = false
    @Option(help: "Client learning rate.") var lr: Float = 0.01
    @Option(help: "JSON-lines log to append the run to.") var log = "docs/tuning-log.jsonl"
    @Flag(help: "Do not append to the log.") var noLog = false
    @Option(help: "A note stored with the log record.") var note: String?
    @Option(help: "Folder for one side-by-side PNG per run (client images above their best reconstructions).")
    var pictures: String?
    @Flag(help: "Print attack progress to stderr.") var progress = false

    func validate() throws {
        if config != nil && attack != .tuned { throw ValidationError("give --attack or --config, not both") }
        if architecture.inChannels != 1 || architecture.classes != 10 {
            throw ValidationError("tuning images are Fashion-MNIST: --in-channels 1, --classes 10")
        }
    }

    func run() throws {
        let configuration = try attackConfiguration()
        let shapes = try clientShapes()
        let offsets = try integers(images, option: "--images")
        let attackSeeds = try integers(seeds, option: "--seeds").map { UInt64(max($0, 0)) }
        for shape in shapes { try TuningData.check(offsets.flatMap { Array($0..<($0 + shape.images)) }) }
        let logURL = noLog ? nil : try TuningLog.checkedURL(log)
        if let pictures { try FileManager.default.createDirectory(atPath: pictures, withIntermediateDirectories: true) }

        let size = architecture.imageSize
        let model = architecture.model
        let global = model.initialState(seed: modelSeed)
        let prior = try TuningData.prior(size: size)
        let preset = BaselineAttack(name: config.map { "configured by \($0)" } ?? attack.rawValue, configuration: configuration)
        var runs: [TuningRecord.Run] = []
        for shape in shapes {
            for first in offsets {
                let data = try TuningData.images(Array(first..<(first + shape.images)), size: size)
                let client = Client(id: 0, images: data.images, labels: data.labels,
                                    training: LocalTraining(learningRate: lr, batchSize: shape.batchSize, bnTrainMode: !bnEval))
                for seed in attackSeeds {
                    var run = preset
                    run.configuration.progressInterval = progress ? max(1, configuration.iterations / 10) : 0
                    let trial = try AttackTrial.run(run, model: model, global: global, client: client, threat: threat,
                                                    prior: prior, seed: seed)
                    let record = TuningRecord.Run(shape: shape, firstOffset: first, seed: seed, trial: trial, labels: data.labels)
                    if let pictures {
                        let split = { (t: Tensor) in (0..<t.shape[0]).map { t.sliced(axis: 0, $0..<($0 + 1)) } }
                        try SideBySide.write(originals: split(data.images), reconstructions: split(trial.result.images),
                                             assessment: trial.assessment,
                                             to: "\(pictures)/N\(shape.images)-B\(shape.batchSize)-offset\(first)-seed\(seed).png")
                    }
                    print(record.line)
                    fflush(nil)  // one line per run as it finishes, also when piped
                    runs.append(record)
                }
            }
        }
        let summary = TuningRecord.Summary(runs, iterations: configuration.iterations)
        print(summary.line)
        guard let logURL else { return }
        let record = TuningRecord(attack: preset.name, configuration: configuration, settings: .init(self, shapes: shapes, offsets: offsets, seeds: attackSeeds),
                                  runs: runs, summary: summary, note: note)
        try TuningLog.append(record, to: logURL)
        print("logged to \(logURL.path)")
    }

    /// The preset or --config, then --iterations, then the --set overrides.
    func attackConfiguration() throws -> InversionConfiguration {
        var configuration = try config.map { try InversionConfiguration.load(path: $0) } ?? attack.configuration(iterations: iterations)
        if let iterations { configuration.iterations = iterations }
        if let problem = configuration.validationProblems.first { throw InputError("--iterations \(iterations ?? 0): \(problem)") }
        return try configuration.applying(overrides)
    }

    func clientShapes() throws -> [TuningRecord.ClientShape] {
        try (clients.isEmpty ? ["1:1"] : clients).map { text in
            let parts = text.split(separator: ":").map { Int($0) }
            guard parts.count == 2, let n = parts[0], let b = parts[1], n >= 1, b >= 1 else {
                throw InputError("--client \(text): expected N:B with N, B ≥ 1 (e.g. 4:2)")
            }
            return TuningRecord.ClientShape(images: n, batchSize: b)
        }
    }

    func integers(_ text: String, option: String) throws -> [Int] {
        let values = text.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !values.isEmpty, values.allSatisfy({ $0 != nil }) else {
            throw InputError("\(option) \(text): expected comma-separated integers")
        }
        return values.map { $0! }
    }
}

/// The attack presets `leakage tune --attack` starts from.
enum TunePreset: String, ExpressibleByArgument, CaseIterable {
    case tuned, paper, released, ig, gi, dlg, idlg

    /// The preset at `iterations` (its own default when nil), restarts 1 as in docs/tuning.md.
    func configuration(iterations: Int?) -> InversionConfiguration {
        switch self {
        case .tuned: BaselineAttack.tuned(iterations: iterations ?? 1_000).configuration
        case .paper: BaselineAttack.paper(iterations: iterations ?? 4_000).configuration
        case .released: BaselineAttack.releasedCode(iterations: iterations ?? 4_000).configuration
        case .ig: InvertingGradients(iterations: iterations ?? 2_000, restarts: 1).configuration
        case .gi: GradInversion(iterations: iterations ?? 2_000).configuration
        case .dlg: DLG(iterations: iterations ?? 300, restarts: 1).configuration
        case .idlg: IDLG(iterations: iterations ?? 300, restarts: 1).configuration
        }
    }
}

extension ThreatKind: ExpressibleByArgument {}
