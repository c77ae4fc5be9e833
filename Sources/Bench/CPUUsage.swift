import Foundation

/// CPU time used by other processes while the benchmark ran, from /proc/stat (Linux) minus this
/// process's own CPU time: on a shared 2-core machine, 2-thread figures mean little when it is high.
struct CPUUsage {
    private let wall: Double, systemBusy: Double, own: Double

    /// A sample now; nil where /proc/stat is unavailable.
    init?() {
        guard let busy = CPUUsage.systemBusySeconds() else { return nil }
        wall = now(); systemBusy = busy; own = CPUUsage.ownSeconds()
    }

    /// Fraction of the machine's CPU capacity used by other processes since `self` was taken.
    func otherProcessesFraction(cpuCount: Int) -> Double? {
        guard let later = CPUUsage() else { return nil }
        let others = (later.systemBusy - systemBusy) - (later.own - own)
        return max(0, others / ((later.wall - wall) * Double(cpuCount)))
    }

    /// Busy time of all CPUs (user, nice, system, irq, softirq, steal) in seconds.
    private static func systemBusySeconds() -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/stat", encoding: .utf8),
              let line = text.split(separator: "\n").first, line.hasPrefix("cpu ") else { return nil }
        let fields = line.split(separator: " ").dropFirst().compactMap { Double($0) }
        guard fields.count >= 8 else { return nil }
        let busy = fields[0] + fields[1] + fields[2] + fields[5] + fields[6] + fields[7]
        return busy / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    private static func ownSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
    }
}
