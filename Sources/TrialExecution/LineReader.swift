import Foundation

/// Lines arriving from another thread, waited for with an optional deadline.
final class LineReader: @unchecked Sendable {
    enum Next { case line(String), closed, timedOut }

    private let condition = NSCondition()
    private var buffer = Data()
    private var lines: [String] = []
    private var isClosed = false

    func append(_ data: Data) {
        condition.lock()
        buffer.append(data)
        while let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
            lines.append(String(decoding: buffer[buffer.startIndex..<newline], as: UTF8.self))
            buffer.removeSubrange(buffer.startIndex...newline)
        }
        condition.broadcast()
        condition.unlock()
    }

    func close() {
        condition.lock(); isClosed = true; condition.broadcast(); condition.unlock()
    }

    func nextLine(until deadline: Date?) -> Next {
        condition.lock()
        defer { condition.unlock() }
        while lines.isEmpty && !isClosed {
            if let deadline {
                if !condition.wait(until: deadline) && lines.isEmpty && !isClosed { return .timedOut }
            } else {
                condition.wait()
            }
        }
        return lines.isEmpty ? .closed : .line(lines.removeFirst())
    }
}
