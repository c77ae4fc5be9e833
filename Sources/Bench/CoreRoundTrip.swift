import Foundation
import Synchronization

/// How far apart the machine's first two cores are: the median time a cache line takes to go from
/// core 0 to core 1 and back (a ping-pong on one atomic), in nanoseconds.
///
/// On the shared virtual machines this project is timed on, the host moves the two virtual CPUs
/// between placements every few seconds to minutes: ~50–90 ns when they share a last-level cache,
/// ~330–370 ns when they do not (AMD EPYC Zen 4, measured in session 17). Memory-bound work that
/// both threads touch (elementwise loops, copies, zeroing, the Winograd transforms) runs up to
/// twice as slow in the far placement; GEMMs barely change. Both the Swift engine (~183 vs ~225 ms
/// per r18-224 iteration) and PyTorch (~330 vs ~390–430 ms) feel it, so a timing is only
/// comparable with one made in the same placement: `bench` records the round trip before and after
/// each workload, and bench/compare.sh groups its rounds by it.
///
/// Returns nil when the two cores cannot be pinned (fewer than two CPUs, or affinity refused).
func coreRoundTripNanoseconds(trips: Int = 20_000, samples: Int = 7) -> Double? {
    guard ProcessInfo.processInfo.activeProcessorCount >= 2 else { return nil }
    let line = PingPongLine()
    let total = trips * samples
    let partner = Thread {
        guard pinCurrentThread(toCore: 1) else { line.partnerState.store(-1, ordering: .releasing); return }
        line.partnerState.store(1, ordering: .releasing)
        for trip in 0..<total {
            while true {
                let value = line.value.load(ordering: .acquiring)
                if value == 2 * trip + 1 { break }
                if value < 0 { return }
            }
            line.value.store(2 * trip + 2, ordering: .releasing)
        }
    }
    let pinger = Thread {
        defer { line.finished.store(1, ordering: .releasing) }
        guard pinCurrentThread(toCore: 0) else { line.value.store(-1, ordering: .releasing); return }
        while line.partnerState.load(ordering: .acquiring) == 0 { sched_yield() }
        guard line.partnerState.load(ordering: .acquiring) == 1 else { return }
        var perTrip: [Double] = []
        for sample in 0..<samples {
            let start = DispatchTime.now().uptimeNanoseconds
            for trip in (sample * trips)..<((sample + 1) * trips) {
                line.value.store(2 * trip + 1, ordering: .releasing)
                while line.value.load(ordering: .acquiring) != 2 * trip + 2 {}
            }
            perTrip.append(Double(DispatchTime.now().uptimeNanoseconds - start) / Double(trips))
        }
        let middle = perTrip.sorted()[samples / 2]
        line.result.withLock { $0 = middle }
    }
    partner.start()
    pinger.start()
    while line.finished.load(ordering: .acquiring) == 0 { usleep(1_000) }
    return line.result.withLock { $0 }
}

/// The shared cache line of the ping-pong and the measurement's bookkeeping.
private final class PingPongLine: Sendable {
    /// The ping-pong counter: odd values from core 0, even ones back from core 1; −1 aborts.
    let value = Atomic<Int>(0)
    /// 0 while the partner starts, 1 once pinned to core 1, −1 if pinning was refused.
    let partnerState = Atomic<Int>(0)
    /// Raised by the measuring thread when it is done (measured or not).
    let finished = Atomic<Int>(0)
    let result = Mutex<Double?>(nil)
}

/// Pins the calling thread to one CPU; false if the kernel refuses.
private func pinCurrentThread(toCore core: Int) -> Bool {
    #if os(Linux)
    var mask = [UInt64](repeating: 0, count: 16)  // a cpu_set_t: 1,024 CPUs
    guard core < mask.count * 64 else { return false }
    mask[core / 64] = 1 << UInt64(core % 64)
    return mask.withUnsafeBytes { linuxSetAffinity(0, $0.count, $0.baseAddress!) } == 0
    #else
    return false
    #endif
}

#if os(Linux)
/// Linux's `sched_setaffinity` (a `_GNU_SOURCE` declaration the Glibc module does not export);
/// thread id 0 is the calling thread.
@_silgen_name("sched_setaffinity")
private func linuxSetAffinity(_ thread: Int32, _ size: Int, _ mask: UnsafeRawPointer) -> Int32
#endif
