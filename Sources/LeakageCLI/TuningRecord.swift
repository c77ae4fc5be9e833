import Attacks
import Experiments
import Foundation

/// One invocation of `leakage tune`, as appended to the tuning log (one JSON line).
struct TuningRecord: Encodable {
    struct ClientShape: Encodable { let images: Int, batchSize: Int }

    struct Settings: Encodable {
        let arch: String, width: Int, imageSize: Int, modelSeed: UInt64
        let clients: [ClientShape], firstOffsets: [Int], seeds: [UInt64]
        let threat: String, bnTrainMode: Bool, clientLearningRate: Float

        init(_ c: TuneCommand, shapes: [ClientShape], offsets: [Int], seeds: [UInt64]) {
            arch = c.architecture.arch.rawValue; width = c.architecture.width; imageSize = c.architecture.imageSize
            modelSeed = c.modelSeed; clients = shapes; firstOffsets = offsets; self.seeds = seeds
            threat = c.threat.rawValue; bnTrainMode = !c.bnEval; clientLearningRate = c.lr
        }
    }

    /// One attack on one client: per-image scores (best reconstruction per image, as the chapters score).
    struct Run: Encodable {
        let images: Int, batchSize: Int, firstOffset: Int, seed: UInt64
        let trainIndices: [Int], labels: [Int], predictedLabels: [Int]
        let ssim: [Double], priorSSIM: [Double], rdlv: [Double?], updateRDLV: Double?
        let finalLoss: [LossTerm: Float], seconds: Double

        init(shape: ClientShape, firstOffset: Int, seed: UInt64, trial: AttackTrial, labels: [Int]) {
            images = shape.images; batchSize = shape.batchSize; self.firstOffset = firstOffset; self.seed = seed
            trainIndices = (0..<shape.images).map { TuningData.firstIndex + firstOffset + $0 }
            self.labels = labels; predictedLabels = trial.result.labels
            let a = trial.assessment
            ssim = a.bestSSIM; priorSSIM = a.priorSSIM; rdlv = a.rdlv; updateRDLV = a.updateRDLV
            finalLoss = trial.result.finalTerms; seconds = trial.result.seconds
        }

        var line: String {
            let perImage = trainIndices.indices.map { i in
                "#\(trainIndices[i]) label \(labels[i]) SSIM \(f(ssim[i])) (prior \(f(priorSSIM[i]))) RDLV \(rdlv[i].map { String(format: "%+.3f", $0) } ?? "undefined")"
            }
            return "N \(images) B \(batchSize) offset \(firstOffset) seed \(seed): " + perImage.joined(separator: "; ")
                + "; guesses \(predictedLabels), \(String(format: "%.1f", seconds)) s"
        }
    }

    /// Medians over every image of every run.
    struct Summary: Encodable {
        let count: Int, medianSSIM: Double?, medianRDLV: Double?, undefinedRDLV: Int, rdlvAbove03: Int
        let millisecondsPerIteration: Double?

        init(_ runs: [Run], iterations: Int) {
            let rdlvs = runs.flatMap(\.rdlv)
            count = rdlvs.count
            medianSSIM = Self.median(runs.flatMap(\.ssim))
            medianRDLV = Self.median(rdlvs.compactMap { $0 })
            undefinedRDLV = rdlvs.filter { $0 == nil }.count
            rdlvAbove03 = rdlvs.compactMap { $0 }.filter { $0 > 0.3 }.count
            millisecondsPerIteration = Self.median(runs.map { $0.seconds / Double(max(iterations, 1)) * 1000 })
        }

        var line: String {
            "SUMMARY over \(count) images: median SSIM \(medianSSIM.map(f) ?? "-"), median RDLV "
                + "\(medianRDLV.map { String(format: "%+.3f", $0) } ?? "-"), RDLV > 0.3: \(rdlvAbove03)/\(count)"
                + (undefinedRDLV > 0 ? ", undefined: \(undefinedRDLV)" : "")
                + ", \(millisecondsPerIteration.map { String(format: "%.1f", $0) } ?? "-") ms/iteration"
        }

        static func median(_ values: [Double]) -> Double? {
            guard !values.isEmpty else { return nil }
            let s = values.sorted(), n = s.count
            return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2
        }
    }

    let date: String
    let commit: String?
    let commitDirty: Bool?
    let command: [String]
    let note: String?
    let attack: String
    let configuration: InversionConfiguration
    let settings: Settings
    let runs: [Run]
    let summary: Summary

    init(attack: String, configuration: InversionConfiguration, settings: Settings, runs: [Run], summary: Summary, note: String?) {
        date = ISO8601DateFormatter().string(from: Date())
        (commit, commitDirty) = GitState.current()
        command = Array(CommandLine.arguments.dropFirst())
        self.note = note; self.attack = attack; self.configuration = configuration; self.settings = settings
        self.runs = runs; self.summary = summary
    }
}

private func f(_ value: Double) -> String { String(format: "%.3f", value) }
