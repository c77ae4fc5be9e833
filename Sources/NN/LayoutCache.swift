import Foundation

/// Recorded state layouts by model configuration, so `Model.stateLayout` runs the recording
/// forward pass once per configuration (thread-safe).
final class LayoutCache: @unchecked Sendable {
    static let shared = LayoutCache()
    private let lock = NSLock()
    private var layouts: [String: [StateEntry]] = [:]

    func layout(for key: String, _ make: () -> [StateEntry]) -> [StateEntry] {
        lock.lock()
        if let cached = layouts[key] { lock.unlock(); return cached }
        lock.unlock()
        let layout = make()
        lock.lock()
        layouts[key] = layout
        lock.unlock()
        return layout
    }
}
