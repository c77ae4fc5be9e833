import Autodiff
import Datasets
import Exchange
import Experiments
import Federated
import Kernels
import NN
import XCTest

/// Smoke-size federations: a few clients, tiny synthetic data, two rounds, seconds to run.
final class FederationTests: XCTestCase {
    /// Two classes a small CNN separates easily: a bright 6×6 square at the top left (class 0) or
    /// the bottom right (class 1) of a noisy 16×16 image.
    static func images(count: Int, seed: UInt64) -> (images: Tensor, labels: [Int]) {
        var generator = RandomGenerator(seed: seed)
        let labels = (0..<count).map { $0 % 2 }
        var scalars = [Float](repeating: 0, count: count * 16 * 16)
        for n in 0..<count {
            let corner = labels[n] == 0 ? 1 : 9
            for y in 0..<16 {
                for x in 0..<16 {
                    let inSquare = (corner..<(corner + 6)).contains(y) && (corner..<(corner + 6)).contains(x)
                    scalars[n * 256 + y * 16 + x] = (inSquare ? 0.8 : 0.1) + 0.1 * generator.nextUniform()
                }
            }
        }
        return (Tensor(shape: [count, 1, 16, 16], scalars: scalars), labels)
    }

    static let model = ResNet.mini(width: 4, classes: 2, imageSize: 16)

    static func clients(learningRate: Float = 0.05) -> [Client] {
        [(1, 8, 4), (2, 16, 8), (3, 24, 4)].map { id, count, batch in
            let data = images(count: count, seed: UInt64(id))
            return Client(id: id, images: data.images, labels: data.labels,
                          training: LocalTraining(learningRate: learningRate, batchSize: batch, bnMomentum: 0.5))
        }
    }

    /// Mean cross-entropy of `state` on all the clients' images, BN in eval mode.
    static func loss(_ state: ModelState, on clients: [Client]) -> Float {
        withoutRecording {
            let images = concatenate(clients.map(\.images), axis: 0)
            let logits = model.forward(images, state: state, mode: .eval).logits
            return Loss.crossEntropy(logits, .hard(clients.flatMap(\.labels))).item
        }
    }

    func testTwoRoundsLowerTheTrainingLossAndRaiseTheTrainingAccuracy() {
        let clients = Self.clients()
        let federation = Federation(model: Self.model, clients: clients, seed: 1)
        let start = Self.model.initialState(seed: 7)
        let images = concatenate(clients.map(\.images), axis: 0), labels = clients.flatMap(\.labels)
        var state = start
        for r in 1...2 { state = federation.round(r, global: state).global }
        let (lossBefore, lossAfter) = (Self.loss(start, on: clients), Self.loss(state, on: clients))
        let accuracyBefore = Evaluation.accuracy(model: Self.model, state: start, images: images, labels: labels)
        let accuracyAfter = Evaluation.accuracy(model: Self.model, state: state, images: images, labels: labels)
        XCTAssertLessThan(lossAfter, lossBefore * 0.8, "training loss \(lossBefore) → \(lossAfter)")
        XCTAssertGreaterThan(accuracyAfter, accuracyBefore, "training accuracy \(accuracyBefore) → \(accuracyAfter)")
        XCTAssertGreaterThanOrEqual(accuracyAfter, 0.9, "training accuracy \(accuracyBefore) → \(accuracyAfter)")
    }

    /// FedAvg (docs/PAPER.md "Threat model and protocol"): θ_g + Σ_c (T_c / Σ T) Δ_c, every entry, the counter rounded.
    func testFedAvgWeightsUpdatesByLocalSteps() {
        let global = ModelState(names: ["w", "bn.num_batches_tracked"],
                                tensors: ["w": Tensor(shape: [2], scalars: [1, 2]), "bn.num_batches_tracked": Tensor(shape: [], scalars: [10])])
        func update(_ id: Int, images: Int, batch: Int, w: [Float], counter: Float) -> ClientUpdate {
            ClientUpdate(clientID: id, round: 1,
                         delta: ModelState(names: global.names, tensors: ["w": Tensor(shape: [2], scalars: w),
                                                                          "bn.num_batches_tracked": Tensor(shape: [], scalars: [counter])]),
                         metadata: TrainingMetadata(images: images, batchSize: batch))
        }
        // T = 1 (1 image, B 1) and T = 3 (6 images, B 2): weights 1/4 and 3/4, not 1/2 each and not by images (1/7, 6/7).
        let one = update(1, images: 1, batch: 1, w: [4, 0], counter: 1)
        let three = update(2, images: 6, batch: 2, w: [0, 8], counter: 3)
        XCTAssertEqual(one.metadata.localSteps, 1)
        XCTAssertEqual(three.metadata.localSteps, 3)
        let next = FedAvg.aggregate(global: global, updates: [one, three])
        XCTAssertEqual(next["w"].scalars, [1 + 4 * 0.25, 2 + 8 * 0.75])
        XCTAssertEqual(next["bn.num_batches_tracked"].item, 10 + (0.25 + 2.25).rounded())
        XCTAssertEqual(FedAvg.aggregate(global: global, updates: [])["w"].scalars, [1, 2])
    }

    /// A round's new global state is the step-weighted FedAvg of the sent updates; a withheld
    /// update is computed but not aggregated.
    func testRoundAggregatesTheSentUpdatesByLocalSteps() {
        let clients = Self.clients()
        let federation = Federation(model: Self.model, clients: clients, seed: 1)
        let start = Self.model.initialState(seed: 7)
        let round = federation.round(1, global: start) { $0.update.clientID == 2 }
        XCTAssertEqual(round.withheld, [2])
        XCTAssertEqual(round.outcomes.map(\.update.metadata.localSteps), [2, 2, 6])
        let expected = FedAvg.aggregate(global: start, updates: [round.outcomes[0].update, round.outcomes[2].update])
        let manual = start.zipWith(round.outcomes[0].update.delta) { name, g, d in
            let sum = g + d * 0.25 + round.outcomes[2].update.delta[name] * 0.75
            return ModelState.isInteger(name) ? Tensor(shape: sum.shape, scalars: sum.scalars.map { $0.rounded() }) : sum
        }
        for name in start.names {
            XCTAssertEqual(round.global[name].scalars, expected[name].scalars, name)
            for (a, b) in zip(round.global[name].scalars, manual[name].scalars) { XCTAssertEqual(a, b, accuracy: 1e-5, name) }
        }
    }

    /// Chapter 4 shares one round's local training between filters: `send(train(…))` must equal
    /// `round(…)` exactly, noise included, and the noise must actually change the update.
    func testSharedLocalTrainingEqualsAFilteredRound() {
        let clients = Self.clients()
        let start = Self.model.initialState(seed: 7)
        let noisy = Federation(model: Self.model, clients: clients, filter: GaussianPrivacy(sigma0: 5), seed: 3)
        let clean = Federation(model: Self.model, clients: clients, seed: 3).train(4, global: start)
        let direct = noisy.round(4, global: start)
        let shared = noisy.send(4, global: start, outcomes: clean)
        for name in start.names {
            XCTAssertEqual(direct.global[name].scalars, shared.global[name].scalars, name)
        }
        let weight = "conv1.weight"
        XCTAssertEqual(direct.outcomes[0].update.delta[weight].scalars, shared.outcomes[0].update.delta[weight].scalars)
        XCTAssertNotEqual(direct.outcomes[0].update.delta[weight].scalars, clean[0].update.delta[weight].scalars)
    }

    /// Noise draws of one federation (chapter 4 resamples them): draw 0 is the federation's own
    /// seed, as before draws existed; another draw changes the noise and nothing else.
    func testNoiseDrawsResampleOnlyTheNoise() throws {
        let study = try FederationStudy(settings: .smoke, seed: 2)
        let start = study.initialState
        func final(_ draw: Int?) throws -> ModelState {
            var spec = FederationRunSpec(settings: .smoke, seed: 2, rounds: 1, noise: .gaussianPrivacy(sigma0: 5))
            spec.noiseDraw = draw
            return try study.train(from: start, rounds: 1...1, filter: GaussianPrivacy(sigma0: 5), noiseSeed: spec.noiseSeed)
        }
        let (own, zero, first, second) = (try final(nil), try final(0), try final(1), try final(2))
        let weight = "conv1.weight"
        XCTAssertEqual(own[weight].scalars, zero[weight].scalars, "draw 0 is the federation's own noise")
        XCTAssertNotEqual(own[weight].scalars, first[weight].scalars)
        XCTAssertNotEqual(first[weight].scalars, second[weight].scalars)
        XCTAssertEqual(try final(1)[weight].scalars, first[weight].scalars, "a draw is reproducible")
        let clean = try study.train(from: start, rounds: 1...1)
        let noiseOwn = zip(own[weight].scalars, clean[weight].scalars).map { $0 - $1 }
        let noiseFirst = zip(first[weight].scalars, clean[weight].scalars).map { $0 - $1 }
        let spread = { (v: [Float]) in (v.map { $0 * $0 }.reduce(0, +) / Float(v.count)).squareRoot() }
        XCTAssertEqual(spread(noiseFirst), spread(noiseOwn), accuracy: 0.2 * spread(noiseOwn), "the same noise level, another draw")
    }

    func testStudyRejectsACapThatWouldChangeTheAuditedClients() {
        var settings = FederationStudy.Settings.smoke
        settings.maxImages = 4
        XCTAssertThrowsError(try FederationStudy(settings: settings, seed: 0)) { error in
            XCTAssertTrue("\(error)".contains("maxImages 4"), "\(error)")
        }
    }

    /// The metadata sent beside an update states how the client really trained (an eval-mode
    /// client once reported train mode, and was attacked as if it had used batch statistics).
    func testMetadataStatesTheClientsTraining() {
        let data = Self.images(count: 4, seed: 5)
        for trainMode in [true, false] {
            let client = Client(id: 4, images: data.images, labels: data.labels,
                                training: LocalTraining(learningRate: 0.02, batchSize: 2, epochs: 3, bnTrainMode: trainMode))
            let update = client.train(ServerPayload(round: 0, global: Self.model.initialState(seed: 1)), model: Self.model).update
            XCTAssertEqual(update.metadata.bnTrainMode, trainMode)
            XCTAssertEqual(update.metadata.images, 4)
            XCTAssertEqual(update.metadata.batchSize, 2)
            XCTAssertEqual(update.metadata.epochs, 3)
            XCTAssertEqual(update.metadata.learningRate, 0.02)
        }
    }

    /// `withLearningRate` (the `federate --lr-decay` schedule) changes the learning rate only.
    func testWithLearningRateKeepsEverythingElse() {
        let data = Self.images(count: 4, seed: 6)
        let client = Client(id: 7, images: data.images, labels: data.labels,
                            training: LocalTraining(learningRate: 0.02, batchSize: 2, epochs: 3, momentum: 0.5, bnMomentum: 0.2,
                                                    bnTrainMode: false))
        let decayed = client.withLearningRate(0.005)
        XCTAssertEqual(decayed.training.learningRate, 0.005)
        let (a, b) = (decayed.training, client.training)
        XCTAssertEqual([a.batchSize, a.epochs], [b.batchSize, b.epochs])
        XCTAssertEqual([a.momentum, a.bnMomentum], [b.momentum, b.bnMomentum])
        XCTAssertEqual(a.bnTrainMode, b.bnTrainMode)
        XCTAssertEqual(decayed.id, 7)
        XCTAssertEqual(decayed.labels, client.labels)
        XCTAssertEqual(decayed.images.scalars, client.images.scalars)
    }
}
