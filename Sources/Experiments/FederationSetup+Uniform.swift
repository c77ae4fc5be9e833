import Autodiff
import Datasets
import Federated
import NN

extension FederationSetup {
    /// `count` clients with `imagesPerClient` images each, disjoint IID shards of `pool` (shuffled
    /// with `seed`), all training with `training` — the large federation of the `federate`
    /// accuracy demonstration (not the paper's client table).
    public static func uniformClients(count: Int, imagesPerClient: Int, pool: LabeledImages, training: LocalTraining,
                                      seed: UInt64) throws -> [Client] {
        guard count >= 1, imagesPerClient >= 1 else {
            throw DatasetError(.invalidArgument, file: nil,
                               "uniformClients: client count (\(count)) and images per client (\(imagesPerClient)) must be ≥ 1")
        }
        let specs = try (1...count).map { id in
            try ClientSpec(id: id, imageCount: imagesPerClient, batchSize: training.batchSize, localEpochs: training.epochs,
                           learningRate: training.learningRate, seed: seed &+ UInt64(id))
        }
        let shards = try ClientPartition.clients(for: specs, pool: pool, seed: seed)
        return shards.map { Client(id: $0.spec.id, images: $0.data.images, labels: $0.data.labels, training: training) }
    }
}
