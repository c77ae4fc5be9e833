import Foundation
import Kernels

extension ClientSpec {
    /// The companion experiment's nine clients (docs/PAPER.md "The companion experiment"):
    ///
    /// | client | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 |
    /// |---|---|---|---|---|---|---|---|---|---|
    /// | batch | 4 | 4 | 4 | 4 | 8 | 8 | 8 | 8 | 1 |
    /// | images | 8 | 32 | 128 | 512 | 8 | 32 | 128 | 512 | 1 |
    ///
    /// Clients 1–8 draw their images from the shared pool; client 9 ("high-risk") holds exactly one
    /// image of its own (the radiograph or one given), so `holdsOwnImages` is true.
    ///
    /// To fit our budget, `imageScale` multiplies the image counts of clients 1–8 (rounded, at least
    /// 1) except those in `unscaled` (which keep the table's count), and `maxImages` caps them (e.g.
    /// 128 turns the two 512-image clients into 128-image ones); batch sizes stay as in the table.
    /// Seeds are derived from `seed` and the client id.
    public static func paperClients(imageScale: Double = 1, unscaled: Set<Int> = [], maxImages: Int? = nil, localEpochs: Int = 1,
                                    learningRate: Float = 0.01, seed: UInt64 = 0) throws -> [ClientSpec] {
        guard imageScale.isFinite, imageScale > 0 else {
            throw DatasetError(.invalidArgument, file: nil, "paperClients: imageScale \(imageScale) must be positive")
        }
        if let maxImages, maxImages < 1 {
            throw DatasetError(.invalidArgument, file: nil, "paperClients: maxImages \(maxImages) must be ≥ 1")
        }
        let table: [(batch: Int, images: Int)] = [(4, 8), (4, 32), (4, 128), (4, 512), (8, 8), (8, 32), (8, 128), (8, 512)]
        let base = RandomGenerator(seed: seed)
        var clients: [ClientSpec] = []
        for (index, row) in table.enumerated() {
            let scale = unscaled.contains(index + 1) ? 1 : imageScale
            var images = max(1, Int((Double(row.images) * scale).rounded()))
            if let maxImages { images = min(images, maxImages) }
            var generator = base.fork(UInt64(index + 1))
            clients.append(try ClientSpec(id: index + 1, imageCount: images, batchSize: row.batch, localEpochs: localEpochs,
                                          learningRate: learningRate, seed: generator.next()))
        }
        var generator = base.fork(9)
        clients.append(try ClientSpec(id: 9, imageCount: 1, batchSize: 1, localEpochs: localEpochs,
                                      learningRate: learningRate, seed: generator.next(), holdsOwnImages: true))
        return clients
    }
}
