import Foundation

/// Loaded data shared by the trials of one process (a worker runs many): one `StudyData` per
/// test-set size, grown on demand, and one `FederationStudy` per settings and seed.
enum StudyCache {
    nonisolated(unsafe) private static var loaded: [Int: StudyData] = [:]
    nonisolated(unsafe) private static var studies: [String: FederationStudy] = [:]
    private static let lock = NSLock()

    /// Study data with at least `poolSize` pool images and `testSize` test images (pools and test
    /// sets are prefixes, so a larger load serves smaller requests with the same images).
    static func data(poolSize: Int, testSize: Int = 10) throws -> StudyData {
        lock.lock()
        defer { lock.unlock() }
        if let found = loaded.first(where: { $0.key >= testSize && $0.value.pool.count >= poolSize })?.value { return found }
        let data = try StudyData.load(poolSize: max(poolSize, 1_000), testSize: testSize)
        loaded[testSize] = data
        return data
    }

    /// The federation study of `settings` and `seed`, built once per process.
    static func study(settings: FederationStudy.Settings, seed: UInt64) throws -> FederationStudy {
        let key = "\(settings)-\(seed)"
        lock.lock()
        if let study = studies[key] { lock.unlock(); return study }
        lock.unlock()
        let study = try FederationStudy(settings: settings, seed: seed)
        lock.lock()
        studies[key] = study
        lock.unlock()
        return study
    }
}
