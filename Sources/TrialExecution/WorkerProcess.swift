import Foundation
import ProcessSupport
import Trials

/// One `trial serve` process: keys go to its standard input, one per line; it answers each on
/// standard output with `trial-protocol: ok KEY` or `trial-protocol: failed KEY MESSAGE`. Its
/// standard error (trial progress) is passed through, and its last lines explain a crash.
final class WorkerProcess: @unchecked Sendable {
    static let protocolPrefix = "trial-protocol: "

    private let child: ChildProcess
    private let input: FileHandle
    private let replies = LineReader()
    private let errors = OutputTail(maxLines: 6)
    /// Left when standard error reaches its end, so a crash's last words are read before it is reported.
    private let errorsEnded = DispatchGroup()

    init(worker: URL, cache: TrialCache, threads: Int, environment extra: [String: String]) throws {
        var environment = ProcessInfo.processInfo.environment
        environment["GL_THREADS"] = String(threads)
        if environment["SWIFT_BACKTRACE"] == nil { environment["SWIFT_BACKTRACE"] = "enable=no" }
        for (name, value) in extra { environment[name] = value }
        child = ChildProcess(executable: worker, arguments: ["serve", "--cache", cache.root.path], environment: environment)
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        child.process.standardInput = stdin
        child.process.standardOutput = stdout
        child.process.standardError = stderr
        input = stdin.fileHandleForWriting
        let replies = self.replies, errors = self.errors, errorsEnded = self.errorsEnded
        stdout.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            if data.isEmpty { handle.readabilityHandler = nil; replies.close() } else { replies.append(data) }
        }
        errorsEnded.enter()
        stderr.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            if data.isEmpty {
                handle.readabilityHandler = nil
                errorsEnded.leave()
            } else {
                FileHandle.standardError.write(data)
                errors.append(data)
            }
        }
        do { try child.run() } catch { errorsEnded.leave(); throw error }
    }

    var isAlive: Bool { child.isRunning }

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
                let how = child.wait()
                // A process the worker left behind may hold standard error open: wait briefly only.
                _ = errorsEnded.wait(timeout: .now() + 2)
                let tail = errors.text
                return failure(tail.isEmpty ? "the worker died (\(how))" : "\(tail) (the worker died: \(how))")
            case .timedOut:
                child.stop()
                return failure("stopped after the time limit of \(Int(timeout ?? 0)) s")
            }
        }
    }
}
