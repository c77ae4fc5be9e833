import ArgumentParser
import Autodiff
import Datasets
import Experiments
import Federated
import Foundation
import Kernels
import NN

/// `federate`: trains resnet-mini on Fashion-MNIST, federated (the paper's nine-client table,
/// scaled) or centralised, and reports test accuracy and time.
@main
struct FederateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "federate",
        abstract: "Train resnet-mini on Fashion-MNIST with FedAvg over the paper's nine clients, or centrally.",
        discussion: """
        Federated: clients 1–8 follow PAPER.md's client table (batch 4 or 8, images 8/32/128/512 × --image-scale, \
        capped by --max-images); client 9 holds one image. Each round every client trains one local epoch with \
        plain SGD and BN in train mode; the server averages the updates weighted by local steps. \
        Centralised (--centralised): SGD with momentum on the whole pool for --epochs epochs.
        """)

    @Option(help: "FedAvg rounds.") var rounds = 20
    @Option(help: "Multiplier of the client table's image counts.") var imageScale = 1.0
    @Option(help: "Cap on a client's images (0 = none).") var maxImages = 0
    @Option(help: "resnet-mini width (channels of the first stage).") var width = 16
    @Option(help: "Clients' local learning rate.") var lr: Float = 0.01
    @Option(help: "Test images used for accuracy.") var testImages = 10_000
    @Option(help: "Random seed.") var seed: UInt64 = 0
    @Flag(help: "Train centrally on the pool instead of federating.") var centralised = false
    @Option(help: "Centralised: epochs.") var epochs = 3
    @Option(help: "Centralised: batch size.") var batchSize = 64
    @Option(help: "Centralised: SGD momentum.") var momentum: Float = 0.9
    @Option(help: "Centralised: pool size (training images).") var poolSize = 50_000
    @Option(help: "Write the accuracy curve as JSON to this file.") var json: String?

    func run() throws {
        let started = Date()
        let pool = centralised ? poolSize : 50_000
        let data = try StudyData.load(poolSize: pool, testSize: testImages)
        let model = ResNet.mini(width: width)
        var global = model.initialState(seed: seed)
        var curve: [[String: Double]] = []
        if centralised {
            let training = LocalTraining(learningRate: lr, batchSize: batchSize, epochs: 1, momentum: momentum)
            for epoch in 1...epochs {
                let order = shuffled(data.pool.count, seed: seed &+ UInt64(epoch))
                let images = try data.pool.subset(order)
                global = training.train(model, from: global, images: images.images, targets: .hard(images.labels)).state
                let accuracy = Evaluation.accuracy(model: model, state: global, images: data.test.images, labels: data.test.labels)
                curve.append(["epoch": Double(epoch), "accuracy": Double(accuracy), "seconds": Date().timeIntervalSince(started)])
                log("epoch \(epoch)/\(epochs): test accuracy \(percent(accuracy)) after \(seconds(started))")
            }
        } else {
            let highRisk = try data.pool.subset([data.pool.count - 1])
            let clients = try FederationSetup.clients(
                pool: try data.pool.prefix(data.pool.count - 1), imageScale: imageScale,
                maxImages: maxImages > 0 ? maxImages : nil, learningRate: lr,
                highRisk: (highRisk.images, highRisk.labels[0]), seed: seed)
            log("clients: " + clients.map { "#\($0.id) N=\($0.labels.count) B=\($0.training.batchSize)" }.joined(separator: ", "))
            let federation = Federation(model: model, clients: clients, seed: seed)
            for round in 1...rounds {
                global = federation.round(round, global: global).global
                let accuracy = Evaluation.accuracy(model: model, state: global, images: data.test.images, labels: data.test.labels)
                curve.append(["round": Double(round), "accuracy": Double(accuracy), "seconds": Date().timeIntervalSince(started)])
                log("round \(round)/\(rounds): test accuracy \(percent(accuracy)) after \(seconds(started))")
            }
        }
        if let json {
            let payload = try JSONSerialization.data(withJSONObject: curve, options: [.prettyPrinted, .sortedKeys])
            try payload.write(to: URL(fileURLWithPath: json), options: .atomic)
        }
        print("final test accuracy \(percent(Float(curve.last?["accuracy"] ?? 0))) in \(seconds(started))")
    }

    private func shuffled(_ count: Int, seed: UInt64) -> [Int] {
        var order = Array(0..<count)
        var generator = RandomGenerator(seed: seed)
        for i in stride(from: count - 1, to: 0, by: -1) { order.swapAt(i, Int(generator.next() % UInt64(i + 1))) }
        return order
    }

    private func log(_ message: String) { FileHandle.standardError.write(Data((message + "\n").utf8)) }
    private func percent(_ value: Float) -> String { String(format: "%.2f%%", Double(value) * 100) }
    private func seconds(_ since: Date) -> String { String(format: "%.0f s", Date().timeIntervalSince(since)) }
}
