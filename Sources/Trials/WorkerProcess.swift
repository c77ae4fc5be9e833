import Foundation

/// One `trial serve` process: keys go to its standard input, one per line; it answers each on
/// standard output with `trial-protocol: ok KEY` or `trial-protocol: failed KEY MESSAGE`. Its
/// standard error (trial progress) is passed through, and its last lines explain a crash.
final class WorkerProcess: @unchecked Sendable {
    static let protocolPrefix = "trial-protocol: "

    private let process = Process()
    private let input: FileHandle
    private let replies = LineReader()
    private let errors = OutputTail(maxLines: 6)

    init(worker: URL, cache: TrialCache, threads: Int, environment extra: [String: String]) throws {
        process.executableURL = worker
        process.arguments = ["serve", "--cache", cache.root.path]
        var environment = ProcessInfo.processInfo.environment
        environment["GL_THREADS"] = String(threads)
        if environment["SWIFT_BACKTRACE"] == nil { environment["SWIFT_BACKTRACE"] = "enable=no" }
        for (name, value) in extra { environment[name] = value }
        process.environment = environment
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        input = stdin.fileHandleForWriting
        let replies = self.replies, errors = self.errors
        stdout.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            if data.isEmpty { handle.readabilityHandler = nil; replies.close() } else { replies.append(data) }
        }
        stderr.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            if data.isEmpty { handle.readabilityHandler = nil } else {
                FileHandle.standardError.write(data)
                errors.append(data)
            }
        }
        try process.run()
    }

    var isAlive: Bool { process.isRunning }

    /// Runs one trial; nil when the worker reports success.
    func run(_ request: TrialRequest, timeout: Double?) -> TrialFailure? {
        func failure(_ message: String) -> TrialFailure { TrialFailure(key: request.key, label: request.label, message: message) }
        do {
            try input.write(contentsOf: Data("\(request.key)\n".utf8))
        } catch {
            return failure("the worker stopped before the trial started (\(errors.text))")
        }
        let deadline = timeout.map { Date().addingTimeInterval($0) }
        while true {
            switch replies.nextLine(until: deadline) {
            case .line(let line):
                guard line.hasPrefix(WorkerProcess.protocolPrefix) else { continue }
                let words = line.dropFirst(WorkerProcess.protocolPrefix.count).split(separator: " ", maxSplits: 2).map(String.init)
                guard words.count >= 2, words[1] == request.key else { continue }
                return words[0] == "ok" ? nil : failure(words.count > 2 ? words[2] : "failed")
            case .closed:
                process.waitUntilExit()
                let how = process.terminationReason == .uncaughtSignal
                    ? "killed by signal \(process.terminationStatus)" : "exit status \(process.terminationStatus)"
                let tail = errors.text
                return failure(tail.isEmpty ? "the worker died (\(how))" : "\(tail) (the worker died: \(how))")
            case .timedOut:
                stopNow()
                return failure("stopped after the time limit of \(Int(timeout ?? 0)) s")
            }
        }
    }

    func stop() {
        try? input.close()
        process.waitUntilExit()
    }

    /// SIGTERM, then SIGKILL if the worker is still running two seconds later (a shell waiting for
    /// a child defers SIGTERM until the child ends).
    private func stopNow() {
        process.terminate()
        let pid = process.processIdentifier
        let deadline = Date().addingTimeInterval(2)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning { kill(pid, SIGKILL) }
        process.waitUntilExit()
    }
}

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
