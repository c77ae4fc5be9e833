import Attacks
import Experiments
import FileSupport
import Foundation
import Leakage

/// `report.json` of `leakage audit`. Its `decision`, the printed summary's last line and the exit
/// status all come from the one `LeakageDecision` of `LeakageGate`.
struct AuditReport: Encodable {
    struct Settings: Encodable {
        let arch: String, width: Int, classes: Int, inChannels: Int, imageSize: Int
        let learningRate: Float, batchSize: Int, images: Int, localSteps: Int, bnMomentum: Float
        let iterations: Int, seed: UInt64, threshold: Double, config: String?

        init(command c: AuditCommand, steps: Int, iterations: Int) {
            arch = c.architecture.arch.rawValue; width = c.architecture.width; classes = c.architecture.classes
            inChannels = c.architecture.inChannels; imageSize = c.architecture.imageSize
            learningRate = c.lr; batchSize = c.batchSize ?? 0; images = c.images ?? 0; localSteps = steps
            bnMomentum = c.bnMomentum; self.iterations = iterations; seed = c.seed; threshold = c.threshold; config = c.config
        }
    }

    struct Leakage: Encodable {
        struct Image: Encodable {
            let file: String?, bestReconstruction: Int, ssim: Double, priorSSIM: Double, rdlv: Double?, psnr: Double
        }
        let images: [Image]
        /// The maximum over images with a defined RDLV (null when none is defined).
        let updateRDLV: Double?
        /// Images whose RDLV is undefined.
        let undefinedImages: [Int]
        /// Only when the true labels were given (--client-labels).
        let labelAccuracy: Double?

        init(_ a: LeakageAssessment, files: [String]?) {
            images = a.bestSSIM.indices.map {
                Image(file: files?[$0], bestReconstruction: a.bestReconstruction[$0], ssim: a.bestSSIM[$0],
                      priorSSIM: a.priorSSIM[$0], rdlv: a.rdlv[$0], psnr: a.matchedPSNR[$0])
            }
            updateRDLV = a.updateRDLV
            undefinedImages = a.rdlv.indices.filter { a.rdlv[$0] == nil }
            labelAccuracy = a.labelAccuracy
        }
    }

    /// The gate's decision: `action` "send" or "withhold", and for a withheld update the `reason`
    /// ("above-threshold", "undefined-rdlv", "not-scored") and a sentence explaining it.
    struct Decision: Encodable {
        let action: String, reason: String?, message: String, threshold: Double, exitStatus: Int32

        init(_ decision: LeakageDecision, threshold: Double) {
            switch decision {
            case .send:
                action = "send"; reason = nil
                message = "every image's RDLV is defined and the update's RDLV is at most the threshold"
                exitStatus = 0
            case .withhold(let why):
                action = "withhold"; reason = why.code; message = why.description; exitStatus = withholdExitCode
            }
            self.threshold = threshold
        }
    }

    let settings: Settings
    let attack: String
    let configuration: InversionConfiguration
    let finalLoss: [LossTerm: Float]
    let predictedLabels: [Int]
    let trueLabels: [Int]?
    let seconds: Double
    let leakage: Leakage?
    let decision: Decision

    init(settings: Settings, attack: String, configuration: InversionConfiguration, result: AttackResult, trueLabels: [Int]?,
         assessment: LeakageAssessment?, imageFiles: [String]?, decision: LeakageDecision, threshold: Double) {
        self.settings = settings; self.attack = attack; self.configuration = configuration
        finalLoss = result.finalTerms; predictedLabels = result.labels; self.trueLabels = trueLabels; seconds = result.seconds
        leakage = assessment.map { Leakage($0, files: imageFiles) }
        self.decision = Decision(decision, threshold: threshold)
    }

    var summary: String {
        var lines = ["attack: \(attack), \(settings.iterations) iterations in \(String(format: "%.1f", seconds)) s",
                     "predicted labels: \(predictedLabels)"]
        if let trueLabels { lines.append("true labels: \(trueLabels)") }
        if let leakage {
            for (i, image) in leakage.images.enumerated() {
                lines.append("image \(i)\(image.file.map { " (\($0))" } ?? ""): SSIM \(format(image.ssim)) (prior \(format(image.priorSSIM))), "
                             + "RDLV \(image.rdlv.map(format) ?? "undefined"), best reconstruction \(image.bestReconstruction)")
            }
            if let accuracy = leakage.labelAccuracy { lines.append("label accuracy: \(format(accuracy))") }
            lines.append("update RDLV \(leakage.updateRDLV.map(format) ?? "undefined") vs threshold \(format(decision.threshold))")
        } else {
            lines.append("not scored: no --client-images, so no RDLV")
        }
        lines.append(decision.action == "send" ? "decision: send the update (exit 0)"
                     : "decision: WITHHOLD the update (exit \(decision.exitStatus)): \(decision.message)")
        return lines.joined(separator: "\n")
    }

    private func format(_ value: Double) -> String { String(format: "%.3f", value) }

    func write(to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try AtomicFile.write(encoder.encode(self), to: URL(fileURLWithPath: path))
    }
}
