import Autodiff
import Foundation
import Kernels

/// A client's share of the pool: indices into the shared dataset, in the order the client uses them.
public struct ClientShard: Sendable, Equatable {
    public let spec: ClientSpec
    public let poolIndices: [Int]
}

/// Deterministic, disjoint partition of a shared pool of images into client shards.
public enum ClientPartition {
    /// Shuffles `0..<poolSize` once with `seed` (Fisher–Yates on xoshiro256**) and hands out
    /// consecutive chunks of the permutation in the order of `specs`, `imageCount` each, so shards are
    /// disjoint and the same seed always gives the same shards. Clients that hold their own images
    /// get an empty shard. Throws when ids repeat or the pool is too small.
    public static func shards(for specs: [ClientSpec], poolSize: Int, seed: UInt64) throws -> [ClientShard] {
        var seen = Set<Int>()
        for spec in specs where !seen.insert(spec.id).inserted {
            throw DatasetError(.invalidArgument, file: nil, "ClientPartition: client id \(spec.id) appears twice")
        }
        let needed = specs.filter { !$0.holdsOwnImages }.reduce(0) { $0 + $1.imageCount }
        guard needed <= poolSize else {
            throw DatasetError(.invalidArgument, file: nil, "ClientPartition: the clients need \(needed) images but the pool has only \(poolSize)")
        }
        var permutation = Array(0..<poolSize)
        var generator = RandomGenerator(seed: seed)
        if poolSize > 1 {
            for i in stride(from: poolSize - 1, to: 0, by: -1) {
                let j = Int(generator.next() % UInt64(i + 1))
                permutation.swapAt(i, j)
            }
        }
        var next = 0
        return specs.map { spec in
            guard !spec.holdsOwnImages else { return ClientShard(spec: spec, poolIndices: []) }
            defer { next += spec.imageCount }
            return ClientShard(spec: spec, poolIndices: Array(permutation[next..<next + spec.imageCount]))
        }
    }

    /// Every client's data: pool clients get their shard of `pool`; clients that hold their own
    /// images get `ownImages[id]` (e.g. the radiograph for client 9), which must have as many
    /// images as the spec says.
    public static func clients(for specs: [ClientSpec], pool: LabeledImages, seed: UInt64,
                               ownImages: [Int: LabeledImages] = [:]) throws -> [ClientData] {
        try shards(for: specs, poolSize: pool.count, seed: seed).map { shard in
            if shard.spec.holdsOwnImages {
                guard let own = ownImages[shard.spec.id] else {
                    throw DatasetError(.invalidArgument, file: nil, "ClientPartition: client \(shard.spec.id) holds its own images but none were given")
                }
                return try ClientData(spec: shard.spec, data: own, poolIndices: nil)
            }
            return try ClientData(spec: shard.spec, data: pool.subset(shard.poolIndices), poolIndices: shard.poolIndices)
        }
    }
}
