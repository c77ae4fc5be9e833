import Foundation

/// A child process whose end is observed through the termination handler, registered before the
/// process starts, instead of `Process.waitUntilExit()`. On Linux `waitUntilExit()` polls the
/// calling thread's run loop, and called off the main thread it can wait forever for a child that
/// has already ended (swift-corelibs-foundation; it hung this project's CI in a worker thread).
/// Every process the tool starts goes through this type.
///
/// Foundation sees a child end only once every process holding the descriptor it watches has
/// ended, so a child's own children (a shell's `sleep`) delay `wait()` until they end too; the
/// children this tool starts either `exec` or end with their parent's input.
public final class ChildProcess: @unchecked Sendable {
    /// How a child ended.
    public struct Termination: Sendable, Equatable, CustomStringConvertible {
        public var status: Int32
        public var bySignal: Bool
        public var succeeded: Bool { !bySignal && status == 0 }
        public init(status: Int32, bySignal: Bool) { self.status = status; self.bySignal = bySignal }
        public var description: String { bySignal ? "killed by signal \(status)" : "exit status \(status)" }
    }

    public let process: Process
    private let condition = NSCondition()
    private var ended: Termination?
    private var started = false

    /// Wraps a configured, not yet started `process`.
    public init(_ process: Process) {
        self.process = process
        process.terminationHandler = { [weak self] finished in
            self?.finish(Termination(status: finished.terminationStatus,
                                     bySignal: finished.terminationReason == .uncaughtSignal))
        }
    }

    /// A child running `executable` with `arguments`, its standard input from /dev/null.
    public convenience init(executable: URL, arguments: [String], environment: [String: String]? = nil) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let environment { process.environment = environment }
        process.standardInput = FileHandle.nullDevice
        self.init(process)
    }

    private func finish(_ termination: Termination) {
        condition.lock()
        ended = termination
        condition.broadcast()
        condition.unlock()
    }

    public func run() throws {
        try process.run()
        condition.lock(); started = true; condition.unlock()
    }

    /// Started and not yet ended.
    public var isRunning: Bool {
        condition.lock(); defer { condition.unlock() }
        return started && ended == nil
    }

    /// Waits for the child to end.
    @discardableResult
    public func wait() -> Termination {
        condition.lock(); defer { condition.unlock() }
        while ended == nil { condition.wait() }
        return ended!
    }

    /// Waits for the child to end until `deadline`; nil if it is still running then.
    public func wait(until deadline: Date) -> Termination? {
        condition.lock(); defer { condition.unlock() }
        while ended == nil {
            if !condition.wait(until: deadline) { break }
        }
        return ended
    }

    /// SIGTERM, then SIGKILL if the child still runs `grace` seconds later (a shell waiting for its
    /// own child defers SIGTERM until that child ends); returns once the child has ended.
    @discardableResult
    public func stop(grace: Double = 2) -> Termination {
        signal(SIGTERM)
        if let termination = wait(until: Date().addingTimeInterval(grace)) { return termination }
        signal(SIGKILL)
        return wait()
    }

    /// Sends `signal` while the child runs (never to a reused process id after it ended).
    public func signal(_ signal: Int32) {
        condition.lock(); defer { condition.unlock() }
        guard started, ended == nil else { return }
        kill(process.processIdentifier, signal)
    }

    /// Runs `executable` to its end; returns its standard output and standard error apart. With a
    /// `timeout` (seconds), a child still running then is stopped (`stop()`), and its termination
    /// says it was killed by a signal.
    public static func outputs(of executable: URL, _ arguments: [String], environment: [String: String]? = nil,
                               timeout: Double? = nil) throws
        -> (standardOutput: Data, standardError: Data, termination: Termination) {
        let child = ChildProcess(executable: executable, arguments: arguments, environment: environment)
        let output = Pipe(), errors = Pipe()
        child.process.standardOutput = output
        child.process.standardError = errors
        try child.run()
        if let timeout {
            DispatchQueue.global().async {
                if child.wait(until: Date().addingTimeInterval(timeout)) == nil { child.stop() }
            }
        }
        // Both pipes are drained at once, so a child that fills one never blocks on it.
        let errorData = ErrorData()
        let drained = DispatchGroup()
        DispatchQueue.global().async(group: drained) { errorData.set(errors.fileHandleForReading.readDataToEndOfFile()) }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        drained.wait()
        return (data, errorData.value, child.wait())
    }
}

/// Standard error read on another thread.
private final class ErrorData: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    func set(_ value: Data) { lock.lock(); data = value; lock.unlock() }
    var value: Data { lock.lock(); defer { lock.unlock() }; return data }
}
