import Autodiff
import Kernels
import NN
import XCTest

/// `LocalTraining.trainableUpdate`: the update the attacks simulate. With one plain SGD step it is
/// −lr·g computed directly; otherwise the difference of the trained and initial states.
final class TrainableUpdateTests: XCTestCase {
    private let model = SmoothNet()

    private func data(seed: UInt64) -> (Tensor, Tensor) {
        var generator = RandomGenerator(seed: seed)
        let images = Tensor.randomUniform([4, 1, 8, 8], generator: &generator)
        return (images, Tensor.randomNormal([4, 10], generator: &generator).softmax(axis: 1))
    }

    /// One step: −lr·g equals θ₁ − θ₀ up to the rounding of the step and the difference (a few
    /// units in the last place of θ, far below the update's own size), with the same statistics.
    func testOneStepUpdateIsTheStateDifference() {
        let start = model.initialState(seed: 5)
        let (images, soft) = data(seed: 9)
        let training = LocalTraining(learningRate: 0.1, batchSize: 4)
        let trained = training.train(model, from: start, images: images, targets: .soft(soft))
        let (update, statistics) = training.trainableUpdate(model, from: start, images: images, targets: .soft(soft))
        XCTAssertEqual(update.count, start.trainableNames.count)
        for (name, delta) in zip(start.trainableNames, update) {
            let difference = (trained.state[name] - start[name]).scalars
            let scale = start[name].scalars.map { Swift.abs($0) }.max() ?? 0
            XCTAssertEqual(delta.shape, start[name].shape, name)
            for (a, b) in zip(delta.scalars, difference) { XCTAssertEqual(a, b, accuracy: 4 * scale.ulp + 1e-12, name) }
            XCTAssertGreaterThan(delta.scalars.map { Swift.abs($0) }.max() ?? 0, 100 * scale.ulp, "\(name): the update must be visible")
        }
        XCTAssertEqual(statistics.count, 1)
        for (a, b) in zip(statistics[0], trained.batchStatistics[0]) {
            XCTAssertEqual(a.layer, b.layer)
            XCTAssertEqual(a.mean.scalars, b.mean.scalars)
        }
    }

    /// Two steps (or momentum): exactly the difference of the states `train` returns.
    func testSeveralStepsUseTheStateDifference() {
        let start = model.initialState(seed: 6)
        let (images, soft) = data(seed: 10)
        for training in [LocalTraining(learningRate: 0.1, batchSize: 2), LocalTraining(learningRate: 0.1, batchSize: 4, momentum: 0.9)] {
            let trained = training.train(model, from: start, images: images, targets: .soft(soft))
            let (update, statistics) = training.trainableUpdate(model, from: start, images: images, targets: .soft(soft))
            for (name, delta) in zip(start.trainableNames, update) {
                XCTAssertEqual(delta.scalars, (trained.state[name] - start[name]).scalars, name)
            }
            XCTAssertEqual(statistics.count, training.steps(images: 4))
        }
    }

    /// The direct update is differentiable twice over, as the attack needs: its gradient with
    /// respect to the images matches central finite differences.
    func testOneStepUpdateIsDifferentiableWithRespectToImages() {
        let start = model.initialState(seed: 7)
        let (images, soft) = data(seed: 11)
        let (target, _) = data(seed: 12)
        let training = LocalTraining(learningRate: 0.1, batchSize: 4)
        let observed = training.trainableUpdate(model, from: start, images: target, targets: .soft(soft)).update
        func loss(_ x: Tensor) -> Tensor {
            let simulated = training.trainableUpdate(model, from: start, images: x, targets: .soft(soft), createGraph: true).update
            return zip(simulated, observed).map { $0.distance(to: $1, epsilon: 1e-20) }.reduce(Tensor(0), +)
        }
        let x = images.requiringGradient()
        let g = gradient(of: loss(x), wrt: x)
        var generator = RandomGenerator(seed: 13)
        let direction = Tensor.randomNormal(x.shape, generator: &generator)
        let eps: Float = 3e-3
        let numeric = (loss(images + direction * eps).item - loss(images - direction * eps).item) / (2 * eps)
        let analytic = (g * direction).sum().item
        XCTAssertEqual(analytic, numeric, accuracy: 2e-2 * max(Swift.abs(numeric), 1e-3), "analytic \(analytic) vs numeric \(numeric)")
        XCTAssertGreaterThan(Swift.abs(analytic), 1e-6)
    }
}
