import Foundation
import Synchronization

/// The threads behind `Parallel`: `Parallel.threadCount − 1` long-lived workers plus the calling
/// thread run the chunks of one loop at a time.
///
/// An attack iteration runs several hundred short parallel loops (a convolution of two 32×32
/// images takes tens of microseconds). Waking a sleeping thread costs about as much, so idle
/// workers first spin on an atomic counter for `spinMicroseconds` (OpenMP's policy, which the
/// PyTorch twin uses too) and only then sleep on a condition variable.
///
/// One loop owns the pool until all its chunks are claimed; a loop started meanwhile (by another
/// thread, or nested inside a chunk) runs on its own thread. A thread waiting for the rest of its
/// loop helps with whatever loop owns the pool, so nested loops (`Parallel.map` tasks with
/// parallel convolutions inside) keep every thread busy, and nothing waits on a chunk that no
/// running thread has claimed.
@usableFromInline
final class WorkerPool: @unchecked Sendable {
    @usableFromInline static let shared = WorkerPool(workers: Parallel.threadCount - 1)

    /// How long an idle worker polls for new work before it sleeps. `GL_SPIN_MICROSECONDS`
    /// overrides the default (0: sleep at once).
    static let spinMicroseconds: Int = {
        if let text = ProcessInfo.processInfo.environment["GL_SPIN_MICROSECONDS"], let n = Int(text), n >= 0 { return n }
        return 200
    }()

    /// The loop whose chunks are still being handed out, if any.
    private let owner = Mutex<Loop?>(nil)
    /// Bumped each time a loop is posted; idle workers watch it.
    private let generation = Atomic<Int>(0)
    /// Workers asleep (or about to sleep) on `wakeUp`.
    private let sleepers = Atomic<Int>(0)
    private let wakeUp = NSCondition()
    private let workers: Int

    private init(workers: Int) {
        self.workers = workers
        for index in 0..<workers {
            let thread = Thread { [unowned self] in self.workerLoop() }
            thread.name = "gl-worker-\(index + 1)"
            thread.stackSize = 8 << 20
            thread.start()
        }
    }

    /// Runs `body(i)` for every `i` in `0..<count` on the calling thread and any idle workers, and
    /// returns when all have finished. Runs everything on the calling thread if the pool is busy.
    @usableFromInline
    func run(_ count: Int, _ body: (Int) -> Void) {
        if count <= 0 { return }
        if workers == 0 || count == 1 {
            for i in 0..<count { body(i) }
            return
        }
        withoutActuallyEscaping(body) { body in
            let loop = Loop(count: count, body: body)
            let posted = owner.withLock { current -> Bool in
                guard current == nil else { return false }
                current = loop
                return true
            }
            if posted {
                generation.wrappingAdd(1, ordering: .sequentiallyConsistent)
                if sleepers.load(ordering: .sequentiallyConsistent) > 0 {
                    wakeUp.lock()
                    wakeUp.broadcast()
                    wakeUp.unlock()
                }
            }
            work(on: loop)
            waitUntilFinished(loop)
            loop.body = nil  // no thread touches it any more; `body` must not outlive this call
        }
    }

    /// Claims and runs chunks of `loop` until none are left; the thread claiming the last one
    /// frees the pool for the next loop.
    private func work(on loop: Loop) {
        while let index = loop.claim() {
            if index == loop.count - 1 { owner.withLock { if $0 === loop { $0 = nil } } }
            Self.execute(loop, index)
            loop.markFinished()
        }
    }

    /// Calls the chunk in its own frame, so any reference to the body is dropped before the chunk
    /// is marked finished.
    @inline(never)
    private static func execute(_ loop: Loop, _ index: Int) {
        loop.body.unsafelyUnwrapped(index)
    }

    /// Waits for chunks other threads claimed, meanwhile helping with loops they post.
    private func waitUntilFinished(_ loop: Loop) {
        var seen = -1
        var polls = 0
        while !loop.isFinished {
            let current = generation.load(ordering: .acquiring)
            if current != seen {
                seen = current
                if let other = owner.withLock({ $0 }), other !== loop { work(on: other) }
                continue
            }
            polls += 1
            if polls % 256 == 0 { sched_yield() }
        }
    }

    private func workerLoop() {
        var seen = generation.load(ordering: .acquiring)
        while true {
            seen = waitForLoop(after: seen)
            if let loop = owner.withLock({ $0 }) { work(on: loop) }
        }
    }

    /// Returns the generation once it differs from `seen`: polls for `spinMicroseconds`, then sleeps.
    private func waitForLoop(after seen: Int) -> Int {
        let deadline = Self.nanoseconds() + UInt64(Self.spinMicroseconds) * 1000
        var polls = 0
        while true {
            let current = generation.load(ordering: .acquiring)
            if current != seen { return current }
            polls += 1
            if polls % 256 == 0 {
                if Self.nanoseconds() >= deadline { break }
                sched_yield()  // lets a runnable thread have this core (more threads than cores)
            }
        }
        wakeUp.lock()
        sleepers.wrappingAdd(1, ordering: .sequentiallyConsistent)
        while generation.load(ordering: .sequentiallyConsistent) == seen { wakeUp.wait() }
        sleepers.wrappingSubtract(1, ordering: .sequentiallyConsistent)
        wakeUp.unlock()
        return generation.load(ordering: .acquiring)
    }

    private static func nanoseconds() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }
}

/// One parallel loop: a counter that hands out chunk indices and a counter of finished chunks.
private final class Loop: @unchecked Sendable {
    let count: Int
    /// Set to nil by the posting thread once every chunk has finished.
    var body: ((Int) -> Void)?
    private let next = Atomic<Int>(0)
    private let finished = Atomic<Int>(0)

    init(count: Int, body: @escaping (Int) -> Void) {
        self.count = count
        self.body = body
    }

    /// The next unclaimed chunk index, or nil when all are claimed.
    func claim() -> Int? {
        if next.load(ordering: .relaxed) >= count { return nil }
        let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
        return index < count ? index : nil
    }

    func markFinished() { finished.wrappingAdd(1, ordering: .releasing) }

    var isFinished: Bool { finished.load(ordering: .acquiring) == count }
}
