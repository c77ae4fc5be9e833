// `bench`: the performance workloads, one JSON object on stdout, progress on stderr.
// Usage: bench [--quick]
import CBLAS
import Foundation
import Kernels

let arguments = Array(CommandLine.arguments.dropFirst())
if let unknown = arguments.first(where: { $0 != "--quick" }) {
    progress("bench: unknown argument \(unknown). Usage: bench [--quick]")
    exit(2)
}
let quick = arguments.contains("--quick")
let plan = quick ? TimingPlan.quick : TimingPlan.standard
let started = now()
let usageAtStart = CPUUsage()
let cpuCount = ProcessInfo.processInfo.activeProcessorCount
let environment = ProcessInfo.processInfo.environment

let machine: JSON = .object([
    ("cpu_count", .integer(cpuCount)),
    ("cpu_model", .string(cpuModel() ?? "unknown")),
    ("openblas_core", .string(BLAS.coreName)),
    ("openblas_config", .string(String(cString: openblas_get_config()))),
    ("openblas_thread_timeout", .string(environment["OPENBLAS_THREAD_TIMEOUT"] ?? "unset")),
    ("app_threads", .integer(Parallel.threadCount)),
    // Other processes compete for the 2 cores; 2-thread numbers are meaningless when this is ≥ 1.
    ("load_average_1min_at_start", .number(loadAverage() ?? .nan)),
])

let usageBeforeSgemm = CPUUsage()
let (sgemm, sgemmRates) = benchSgemm(sizes: [128, 512], threadCounts: [1, 2], plan: plan)
let othersDuringSgemm = usageBeforeSgemm?.otherProcessesFraction(cpuCount: cpuCount) ?? .nan
let convolutions = benchConvolutions(batch: 4, plan: plan)
let doubleBackward = benchDoubleBackward(batch: 2, plan: plan)
let target = sgemmRates["512x2"] ?? 0

let report: JSON = .object([
    ("mode", .string(quick ? "quick" : "standard")),
    ("timing", .string("median of \(plan.trials) trials of ≥ \(Int(plan.minimumTrialSeconds * 1e3)) ms after warm-up")),
    ("machine", machine),
    ("sgemm", sgemm),
    ("conv2d_resnet_mini", convolutions),
    ("double_backward_step", doubleBackward),
    ("targets", .object([
        ("sgemm_512_2threads_gflops", .number(target)),
        ("sgemm_512_2threads_best_trial_gflops", .number(sgemmRates["512x2 best"] ?? 0)),
        ("sgemm_512_2threads_goal_gflops", .number(150)),
        ("sgemm_512_2threads_goal_met", .bool(target >= 150)),
        // 2-thread figures need both cores; above ~0.1 other processes were taking one of them.
        ("other_processes_cpu_fraction_during_sgemm", .number(othersDuringSgemm)),
        ("sgemm_measurement_contended", .bool(!(othersDuringSgemm < 0.1))),
    ])),
    ("wall_seconds", .number(now() - started)),
    // Share of the machine's CPU used by other processes during the run (from /proc/stat).
    ("other_processes_cpu_fraction", .number(usageAtStart?.otherProcessesFraction(cpuCount: cpuCount) ?? .nan)),
])
print(report.rendered())

/// The CPU model from /proc/cpuinfo (Linux), if readable.
func cpuModel() -> String? {
    guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
          let line = text.split(separator: "\n").first(where: { $0.hasPrefix("model name") }),
          let colon = line.firstIndex(of: ":") else { return nil }
    return line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
}

/// The 1-minute load average from /proc/loadavg (Linux), if readable.
func loadAverage() -> Double? {
    guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) else { return nil }
    return text.split(separator: " ").first.flatMap { Double($0) }
}
