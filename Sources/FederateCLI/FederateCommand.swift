import ArgumentParser
import Autodiff
import Datasets
import Experiments
import Federated
import FileSupport
import Foundation
import Kernels
import NN

/// `federate`: trains resnet-mini on Fashion-MNIST, federated (the paper's nine-client table,
/// scaled) or centralised, and reports test accuracy and time.
@main
struct FederateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "federate",
        abstract: "Train resnet-mini on Fashion-MNIST with FedAvg over the paper's nine clients, N equal clients, or centrally.",
        discussion: """
        Federated: clients 1–8 follow the client table of docs/PAPER.md "The companion experiment" (batch 4 or 8, images 8/32/128/512 × --image-scale, \
        capped by --max-images); client 9 holds one image. Each round every client trains one local epoch with \
        plain SGD and BN in train mode; the server averages the updates weighted by local steps. \
        With --clients N: N clients with --client-images disjoint random pool images each, training --local-epochs \
        epochs per round with batch --batch-size and SGD momentum --momentum. \
        Centralised (--centralised): SGD with momentum on the whole pool for --epochs epochs. \
        --lr-decay multiplies the learning rate by that factor after every round or epoch.
        """)

    @Option(help: "FedAvg rounds.") var rounds = 20
    @Option(help: "Multiplier of the client table's image counts.") var imageScale = 1.0
    @Option(help: "Cap on a client's images (0 = none).") var maxImages = 0
    @Option(help: "resnet-mini width (channels of the first stage).") var width = 16
    @Option(help: "Learning rate (clients' local one when federated).") var lr: Float = 0.01
    @Option(help: "Learning-rate factor applied after every round (federated) or epoch (centralised).") var lrDecay: Float = 1
    @Option(help: "Federated: N equal clients instead of the paper's table (0 = the table).") var clients = 0
    @Option(help: "With --clients: images per client.") var clientImages = 2_000
    @Option(help: "With --clients: local epochs per round.") var localEpochs = 1
    @Option(help: "Test images used for accuracy.") var testImages = 10_000
    @Option(help: "Random seed.") var seed: UInt64 = 0
    @Flag(help: "Train centrally on the pool instead of federating.") var centralised = false
    @Option(help: "Centralised: epochs.") var epochs = 3
    @Option(help: "Batch size (centralised, or each client with --clients).") var batchSize = 64
    @Option(help: "SGD momentum (centralised, or each client with --clients).") var momentum: Float = 0.9
    @Option(help: "Centralised: pool size (training images).") var poolSize = 50_000
    @Option(help: "Write the accuracy curve as JSON to this file.") var json: String?

    func validate() throws {
        guard rounds >= 1, epochs >= 1, width >= 1, testImages >= 1, batchSize >= 1, clients >= 0, clientImages >= 1,
              localEpochs >= 1 else {
            throw ValidationError("rounds, epochs, width, test images, batch size, client images and local epochs must be ≥ 1")
        }
        guard lr > 0, lr.isFinite, lrDecay > 0, lrDecay <= 1, momentum >= 0, momentum < 1 else {
            throw ValidationError("need lr > 0, 0 < lr-decay ≤ 1 and 0 ≤ momentum < 1")
        }
        if clients > 0, clients * clientImages > 50_000 {
            throw ValidationError("\(clients) clients × \(clientImages) images exceed the 50,000-image pool")
        }
    }

    func run() throws {
        let started = Date()
        let pool = centralised ? poolSize : 50_000
        let data = try StudyData.load(poolSize: pool, testSize: testImages)
        let model = ResNet.mini(width: width)
        var global = model.initialState(seed: seed)
        var curve: [[String: Double]] = []
        func rate(after steps: Int) -> Float { lr * powf(lrDecay, Float(steps)) }
        if centralised {
            let base = LocalTraining(learningRate: lr, batchSize: batchSize, epochs: 1, momentum: momentum)
            for epoch in 1...epochs {
                let training = base.withLearningRate(rate(after: epoch - 1))
                let order = shuffled(data.pool.count, seed: seed &+ UInt64(epoch))
                let images = try data.pool.subset(order)
                global = training.train(model, from: global, images: images.images, targets: .hard(images.labels)).state
                let accuracy = Evaluation.accuracy(model: model, state: global, images: data.test.images, labels: data.test.labels)
                curve.append(["epoch": Double(epoch), "accuracy": Double(accuracy), "seconds": Date().timeIntervalSince(started)])
                log("epoch \(epoch)/\(epochs): test accuracy \(percent(accuracy)) after \(seconds(started))")
            }
        } else {
            let clients = try makeClients(data)
            log("clients: " + clients.map { "#\($0.id) N=\($0.labels.count) B=\($0.training.batchSize)" }.joined(separator: ", "))
            for round in 1...rounds {
                let rate = rate(after: round - 1)
                let federation = Federation(model: model, clients: clients.map { $0.withLearningRate(rate) }, seed: seed)
                global = federation.round(round, global: global).global
                let accuracy = Evaluation.accuracy(model: model, state: global, images: data.test.images, labels: data.test.labels)
                curve.append(["round": Double(round), "accuracy": Double(accuracy), "seconds": Date().timeIntervalSince(started)])
                log("round \(round)/\(rounds): test accuracy \(percent(accuracy)) after \(seconds(started))")
            }
        }
        if let json {
            let payload = try JSONSerialization.data(withJSONObject: curve, options: [.prettyPrinted, .sortedKeys])
            try AtomicFile.write(payload, to: URL(fileURLWithPath: json))
        }
        print("final test accuracy \(percent(Float(curve.last?["accuracy"] ?? 0))) in \(seconds(started))")
    }

    /// The federation's clients, at local learning rate --lr (`withLearningRate` applies the decay).
    private func makeClients(_ data: StudyData) throws -> [Client] {
        if clients > 0 {
            let training = LocalTraining(learningRate: lr, batchSize: batchSize, epochs: localEpochs, momentum: momentum)
            return try FederationSetup.uniformClients(count: clients, imagesPerClient: clientImages, pool: data.pool,
                                                      training: training, seed: seed)
        }
        let highRisk = try data.pool.subset([data.pool.count - 1])
        return try FederationSetup.clients(pool: try data.pool.prefix(data.pool.count - 1), imageScale: imageScale,
                                           maxImages: maxImages > 0 ? maxImages : nil, learningRate: lr,
                                           highRisk: (highRisk.images, highRisk.labels[0]), seed: seed)
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
