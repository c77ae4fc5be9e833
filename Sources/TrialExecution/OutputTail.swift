import Foundation

/// The last lines of a stream, joined for a failure message.
final class OutputTail: @unchecked Sendable {
    private let maxLines: Int
    private var lines: [String] = []
    private let lock = NSLock()

    init(maxLines: Int) { self.maxLines = maxLines }

    func append(_ data: Data) {
        lock.lock()
        lines += String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
        if lines.count > maxLines { lines.removeFirst(lines.count - maxLines) }
        lock.unlock()
    }

    var text: String { lock.lock(); defer { lock.unlock() }; return lines.joined(separator: " | ") }
}
