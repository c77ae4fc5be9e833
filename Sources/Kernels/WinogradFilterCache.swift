import Foundation

/// The most recently transformed filters of the Winograd path (U = G g Gᵀ, `WinogradTransform`),
/// so that weights that stay fixed while an attack convolves with them several times an
/// iteration — the global model's, the updated model's — are transformed once per attack, not
/// once per convolution.
///
/// An entry is found by the weights' address and shape and used only when the weights there are
/// still, value for value, the ones it was made from (compared in full on every lookup): a reused
/// buffer or weights changed in place are transformed again. Entries are immutable and
/// reference-counted, so one evicted while another thread convolves with it stays valid until
/// that thread is done. The transform is deterministic, so a cached U equals a fresh one bit for bit.
final class WinogradFilterCache: @unchecked Sendable {
    /// One set of transformed filters and a copy of the weights it was made from.
    final class Entry: @unchecked Sendable {
        let address: UInt, outChannels: Int, inChannels: Int, tile: WinogradTile
        let weights: UnsafeMutablePointer<Float>
        /// U: 16 or 36 matrices [K, C] (`WinogradTile.positions`), `uStride` apart.
        let transformed: UnsafeMutablePointer<Float>

        init(_ w: UnsafePointer<Float>, plan: WinogradTransform) {
            address = UInt(bitPattern: w)
            (outChannels, inChannels, tile) = (plan.g.outChannels, plan.g.inChannels, plan.tile)
            let count = outChannels * inChannels * 9
            weights = .allocate(capacity: count)
            weights.update(from: w, count: count)
            transformed = .allocate(capacity: plan.tile.positions * plan.uStride)
            plan.transformFilters(w, into: transformed)
        }

        deinit { weights.deallocate(); transformed.deallocate() }

        /// Whether this entry was made from the weights now at `w` for `plan`'s shape.
        func matches(_ w: UnsafePointer<Float>, plan: WinogradTransform) -> Bool {
            guard address == UInt(bitPattern: w), outChannels == plan.g.outChannels, inChannels == plan.g.inChannels,
                  tile == plan.tile else { return false }
            return memcmp(weights, w, outChannels * inChannels * 9 * MemoryLayout<Float>.stride) == 0
        }
    }

    /// The process-wide cache. 32 entries hold the fixed and the per-iteration weights of an attack
    /// on ResNet-18 at 224×224 (10 Winograd layers, each with the model's weights and one
    /// gradient-shaped weight per iteration) without cycling them out; at most about 200 MB.
    static let shared = WinogradFilterCache(capacity: 32)

    private let capacity: Int
    private let lock = NSLock()
    /// Least recently used first.
    private var entries: [Entry] = []

    init(capacity: Int) { self.capacity = capacity }

    /// The transformed filters of the weights at `w` [K, C, 3, 3], from the cache or made now.
    func filters(_ w: UnsafePointer<Float>, plan: WinogradTransform) -> Entry {
        let hit: Entry? = lock.withLock {
            guard let index = entries.firstIndex(where: { $0.matches(w, plan: plan) }) else { return nil }
            let entry = entries.remove(at: index)
            entries.append(entry)
            return entry
        }
        if let hit { return hit }
        // Transformed outside the lock: the transform runs on the worker pool.
        let entry = Entry(w, plan: plan)
        lock.withLock {
            entries.removeAll {
                $0.address == entry.address && $0.outChannels == entry.outChannels && $0.inChannels == entry.inChannels && $0.tile == entry.tile
            }
            entries.append(entry)
            if entries.count > capacity { entries.removeFirst(entries.count - capacity) }
        }
        return entry
    }

    /// Drops every entry (tests).
    func removeAll() { lock.withLock { entries.removeAll() } }
}
