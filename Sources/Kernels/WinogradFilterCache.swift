import Foundation

/// The most recently transformed filters of the Winograd path (U = G g Gᵀ, `WinogradTransform`),
/// so that weights that stay fixed while an attack convolves with them several times an
/// iteration — the global model's, the updated model's — are transformed once per attack, not
/// once per convolution.
///
/// An entry is found by the weights' address and shape and used only when the weights there are
/// still, value for value, the ones it was made from: a reused buffer or weights changed in place
/// are transformed again. Weights given with an `owner` — an object that keeps them alive and
/// unchanged while anything references it, as the autodiff's tensor storage does — are recognised
/// by that owner, which the entry then holds, instead of compared in full on every lookup (those
/// comparisons were ~1 % of a one-thread r18-224 profile). Entries are immutable and
/// reference-counted, so one evicted while another thread convolves with it stays valid until
/// that thread is done. The transform is deterministic, so a cached U equals a fresh one bit for bit.
final class WinogradFilterCache: @unchecked Sendable {
    /// One set of transformed filters, and the owner of the weights it was made from or a copy of them.
    final class Entry: @unchecked Sendable {
        let address: UInt, outChannels: Int, inChannels: Int, tile: WinogradTile
        /// The weights' owner, held so they can neither change nor be freed; nil for an entry made
        /// from bare weights, which keeps a copy of them instead.
        let owner: AnyObject?
        let weights: UnsafeMutablePointer<Float>?
        /// U: 16 or 36 matrices [K, C] (`WinogradTile.positions`), `uStride` apart.
        let transformed: UnsafeMutablePointer<Float>

        init(_ w: UnsafePointer<Float>, owner: AnyObject?, plan: WinogradTransform) {
            address = UInt(bitPattern: w)
            (outChannels, inChannels, tile) = (plan.g.outChannels, plan.g.inChannels, plan.tile)
            self.owner = owner
            if owner == nil {
                let count = outChannels * inChannels * 9
                weights = .allocate(capacity: count)
                weights!.update(from: w, count: count)
            } else {
                weights = nil
            }
            transformed = .allocate(capacity: plan.tile.positions * plan.uStride)
            plan.transformFilters(w, into: transformed)
        }

        deinit { weights?.deallocate(); transformed.deallocate() }

        /// Whether this entry was made from the weights now at `w` for `plan`'s shape. An entry that
        /// holds an owner matches by address alone: its weights there cannot have changed.
        func matches(_ w: UnsafePointer<Float>, plan: WinogradTransform) -> Bool {
            guard address == UInt(bitPattern: w), outChannels == plan.g.outChannels, inChannels == plan.g.inChannels,
                  tile == plan.tile else { return false }
            guard let weights else { return true }
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
    /// `owner`, when given, keeps `w` alive and unchanged while it is referenced.
    func filters(_ w: UnsafePointer<Float>, owner: AnyObject? = nil, plan: WinogradTransform) -> Entry {
        let hit: Entry? = lock.withLock {
            guard let index = entries.firstIndex(where: { $0.matches(w, plan: plan) }) else { return nil }
            let entry = entries.remove(at: index)
            entries.append(entry)
            return entry
        }
        if let hit { return hit }
        // Transformed outside the lock: the transform runs on the worker pool.
        let entry = Entry(w, owner: owner, plan: plan)
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
