import Attacks
import Autodiff
import Exchange
import Kernels
import NN

/// Builds client updates the way a FedAvg client would, for the attack tests.
enum AttackFixtures {
    /// A smooth synthetic 1×S×S image in [0, 1]: a bright disc and a bar on a dark background.
    static func syntheticImage(size: Int, variant: Int = 0) -> Tensor {
        Tensor(shape: [1, 1, size, size]) { buffer in
            let s = Float(size)
            let cx = s * (0.35 + 0.1 * Float(variant % 3)), cy = s * (0.4 + 0.08 * Float(variant % 4))
            for i in 0..<size {
                for j in 0..<size {
                    let d = ((Float(i) - cy) * (Float(i) - cy) + (Float(j) - cx) * (Float(j) - cx)).squareRoot()
                    var v: Float = d < s * 0.22 ? 0.9 : 0.1
                    if j > size * 2 / 3 && i > size / 5 && i < size * 4 / 5 { v = 0.6 }
                    buffer[i * size + j] = v
                }
            }
        }
    }

    /// The client's update after local training, and the true batch statistics of each step.
    static func update(model: any Model, global: ModelState, images: Tensor, labels: [Int], batchSize: Int,
                       learningRate: Float = 0.01, bnTrainMode: Bool = true) -> (ClientUpdate, [[BatchStatistics]]) {
        let metadata = TrainingMetadata(images: images.shape[0], batchSize: batchSize, learningRate: learningRate,
                                        bnTrainMode: bnTrainMode)
        if !bnTrainMode {
            // One gradient with BN in eval mode (the favourable setting of the prior attacks).
            let names = global.trainableNames
            let parameters = names.map { global[$0].requiringGradient() }
            let state = global.replacing(Dictionary(uniqueKeysWithValues: zip(names, parameters)))
            let loss = Loss.crossEntropy(model.forward(images, state: state, mode: .eval).logits, .hard(labels))
            let grads = gradients(of: loss, wrt: parameters)
            let delta = global.map { name, t in
                if let i = names.firstIndex(of: name) { return grads[i] * -learningRate }
                return Tensor.zeros(t.shape)
            }
            return (ClientUpdate(clientID: 0, round: 0, delta: delta, metadata: metadata), [])
        }
        let training = LocalTraining(learningRate: learningRate, batchSize: batchSize)
        let result = training.train(model, from: global, images: images, targets: .hard(labels))
        return (ClientUpdate(clientID: 0, round: 0, delta: result.state - global, metadata: metadata), result.batchStatistics)
    }

    /// A width-4 resnet-mini initialised with `modelSeed` and four uniform-random 32×32 images drawn
    /// with `imageSeed`: the small case of the objective tests.
    static func smallResNetCase(modelSeed: UInt64, imageSeed: UInt64) -> (model: ResNet, global: ModelState, images: Tensor) {
        let model = ResNet.mini(width: 4)
        var generator = RandomGenerator(seed: imageSeed)
        return (model, model.initialState(seed: modelSeed), Tensor.randomUniform([4, 1, 32, 32], generator: &generator))
    }

    static func mse(_ a: Tensor, _ b: Tensor) -> Float {
        zip(a.scalars, b.scalars).map { ($0 - $1) * ($0 - $1) }.reduce(0, +) / Float(a.count)
    }
}
