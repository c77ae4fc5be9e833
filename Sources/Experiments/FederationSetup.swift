import Autodiff
import Datasets
import Federated
import NN

/// Builds the scaled nine-client federation of docs/PAPER.md "The companion experiment" on Fashion-MNIST: clients 1–8 draw
/// disjoint shards from the pool, client 9 ("high-risk") holds one image of its own.
public enum FederationSetup {
    /// Federated clients from the paper's client table (scaled by `imageScale` except the clients in
    /// `unscaled`, capped at `maxImages`), with `highRisk` as client 9's single image [1, C, H, W] and its label.
    public static func clients(pool: LabeledImages, imageScale: Double, unscaled: Set<Int> = [], maxImages: Int?,
                               learningRate: Float = 0.01, highRisk: (image: Tensor, label: Int), seed: UInt64) throws -> [Client] {
        let specs = try ClientSpec.paperClients(imageScale: imageScale, unscaled: unscaled, maxImages: maxImages,
                                                learningRate: learningRate, seed: seed)
        let own = try LabeledImages(images: highRisk.image, labels: [highRisk.label], classNames: pool.classNames)
        let shards = try ClientPartition.clients(for: specs, pool: pool, seed: seed, ownImages: [9: own])
        return shards.map { shard in
            Client(id: shard.spec.id, images: shard.data.images, labels: shard.data.labels,
                   training: LocalTraining(learningRate: shard.spec.learningRate, batchSize: shard.spec.batchSize,
                                           epochs: shard.spec.localEpochs))
        }
    }

    /// A single client built from explicit images (for attack studies on one update).
    public static func client(id: Int, images: Tensor, labels: [Int], batchSize: Int, learningRate: Float = 0.01,
                              epochs: Int = 1) -> Client {
        Client(id: id, images: images, labels: labels,
               training: LocalTraining(learningRate: learningRate, batchSize: batchSize, epochs: epochs))
    }
}
