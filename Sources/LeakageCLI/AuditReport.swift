import Experiments
import FileSupport
import Foundation

/// `report.json` of `leakage audit`.
struct AuditReport: Encodable {
    struct Settings: Encodable {
        let arch: String, width: Int, classes: Int, inChannels: Int, imageSize: Int
        let learningRate: Float, batchSize: Int, images: Int, localSteps: Int, bnMomentum: Float
        let iterations: Int, seed: UInt64, threshold: Double

        init(command c: AuditCommand, steps: Int) {
            arch = c.architecture.arch.rawValue; width = c.architecture.width; classes = c.architecture.classes
            inChannels = c.architecture.inChannels; imageSize = c.architecture.imageSize
            learningRate = c.lr; batchSize = c.batchSize; images = c.images; localSteps = steps
            bnMomentum = c.bnMomentum; iterations = c.iterations; seed = c.seed; threshold = c.threshold
        }
    }

    struct Leakage: Encodable {
        struct Image: Encodable { let bestReconstruction: Int; let ssim: Double; let priorSSIM: Double; let rdlv: Double?; let psnr: Double }
        let images: [Image]
        let updateRDLV: Double?
        let threshold: Double
        let withhold: Bool

        init(_ a: LeakageAssessment, threshold: Double) {
            images = a.bestSSIM.indices.map {
                Image(bestReconstruction: a.bestReconstruction[$0], ssim: a.bestSSIM[$0], priorSSIM: a.priorSSIM[$0],
                      rdlv: a.rdlv[$0], psnr: a.matchedPSNR[$0])
            }
            updateRDLV = a.updateRDLV
            self.threshold = threshold
            withhold = (a.updateRDLV ?? .infinity) > threshold
        }
    }

    let settings: Settings
    let attack: String
    let finalLoss: [String: Float]
    let predictedLabels: [Int]
    let seconds: Double
    var leakage: Leakage?

    var summary: String {
        var lines = ["attack: \(attack), \(settings.iterations) iterations in \(String(format: "%.1f", seconds)) s",
                     "predicted labels: \(predictedLabels)"]
        if let leakage {
            for (i, image) in leakage.images.enumerated() {
                lines.append("image \(i): SSIM \(format(image.ssim)) (prior \(format(image.priorSSIM))), RDLV \(image.rdlv.map(format) ?? "undefined")")
            }
            lines.append("update RDLV \(leakage.updateRDLV.map(format) ?? "undefined") vs threshold \(format(leakage.threshold)): "
                         + (leakage.withhold ? "WITHHOLD the update" : "ok to send"))
        }
        return lines.joined(separator: "\n")
    }

    private func format(_ value: Double) -> String { String(format: "%.3f", value) }

    func write(to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try AtomicFile.write(encoder.encode(self), to: URL(fileURLWithPath: path))
    }
}
