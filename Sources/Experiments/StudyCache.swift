import Foundation

/// One `StudyData` per process, grown on demand: trials of one worker share the loaded images.
enum StudyCache {
    nonisolated(unsafe) private static var loaded: StudyData?
    private static let lock = NSLock()

    /// Study data with at least `poolSize` pool images (the pool is a prefix, so a larger load
    /// serves smaller requests with the same images).
    static func data(poolSize: Int) throws -> StudyData {
        lock.lock()
        defer { lock.unlock() }
        if let loaded, loaded.pool.count >= poolSize { return loaded }
        let data = try StudyData.load(poolSize: max(poolSize, 1_000), testSize: 10)
        loaded = data
        return data
    }
}
