// `bench`: the performance workloads, one JSON object on stdout, progress on stderr.
// Usage: bench [--quick] [--attack NAME [--shapes]] [--warmup N] [--iterations N]
//   --attack NAME   only the attack-iteration workload NAME (base, n8b4, n1b1s64, w32, r18-64, or r18-224:
//                   torchvision ResNet-18 at 3×224×224, N = B = T = 1, not part of the full run)
//   --shapes        with --attack: the GEMM time and rate of the 12 most expensive GEMM shapes
//   --round-trip    only the cores' round-trip time (CoreRoundTrip.swift), as {"core_round_trip_ns": …}
//   --peak-memory-probe   internal: run the N=8, B=4, T=4 attack and print its maxrss (KiB)
import CBLAS
import Foundation
import Kernels

let usage = "Usage: bench [--quick] [--attack \((AttackWorkload.all + [AttackWorkload.paperScale]).map(\.name).joined(separator: "|")) [--shapes]] [--warmup N] [--iterations N] | bench --round-trip"
/// Parsed command line: value options and flags.
struct Arguments {
    var options: [String: String] = [:]
    var flags: Set<String> = []

    init(_ arguments: [String]) {
        var rest = arguments[...]
        while let argument = rest.popFirst() {
            switch argument {
            case "--quick", "--peak-memory-probe", "--shapes", "--round-trip": flags.insert(argument)
            case "--attack", "--warmup", "--iterations":
                guard let value = rest.popFirst() else { progress("bench: \(argument) needs a value. \(usage)"); exit(2) }
                options[argument] = value
            default: progress("bench: unknown argument \(argument). \(usage)"); exit(2)
            }
        }
    }

    /// A positive integer option, or `value` when absent.
    func count(_ option: String, default value: Int) -> Int {
        guard let text = options[option] else { return value }
        guard let n = Int(text), n >= 1 else { progress("bench: \(option) must be a positive integer, got \(text)"); exit(2) }
        return n
    }
}
let arguments = Arguments(Array(CommandLine.arguments.dropFirst()))
let options = arguments.options, flags = arguments.flags
let quick = flags.contains("--quick")
let attackWarmup = arguments.count("--warmup", default: quick ? 2 : 5)
let attackIterations = arguments.count("--iterations", default: quick ? 5 : 20)

if flags.contains("--peak-memory-probe") {
    do { try runPeakMemoryProbe(iterations: attackIterations) } catch { progress("bench: \(error)"); exit(1) }
    exit(0)
}
if flags.contains("--round-trip") {
    let roundTrip = coreRoundTripNanoseconds()
    print(JSON.object([("core_round_trip_ns", .number(roundTrip ?? .nan)), ("cpu", .string(cpuIdentity))]).rendered())
    exit(roundTrip == nil ? 1 : 0)
}
if let name = options["--attack"] {
    guard let workload = AttackWorkload.named(name) else { progress("bench: unknown workload \(name). \(usage)"); exit(2) }
    do {
        let (json, _) = try benchAttackIteration(workload, warmup: attackWarmup, iterations: attackIterations,
                                                 shapes: flags.contains("--shapes") ? 12 : 0)
        print(json.rendered())
    } catch { progress("bench: \(error)"); exit(1) }
    exit(0)
}

let plan = quick ? TimingPlan.quick : TimingPlan.standard
let started = now()
let usageAtStart = CPUUsage()
let cpuCount = ProcessInfo.processInfo.activeProcessorCount
let environment = ProcessInfo.processInfo.environment

let machine: JSON = .object([
    ("cpu_count", .integer(cpuCount)),
    ("cpu_model", .string(cpuModel() ?? "unknown")),
    ("cpu", .string(cpuIdentity)),
    ("openblas_core", .string(BLAS.coreName)),
    ("openblas_config", .string(String(cString: openblas_get_config()))),
    ("openblas_thread_timeout", .string(environment["OPENBLAS_THREAD_TIMEOUT"] ?? "unset")),
    ("app_threads", .integer(Parallel.threadCount)),
    // Cores 0 and 1 sharing a last-level cache (~50–90 ns) or not (~330–370 ns): CoreRoundTrip.swift.
    ("core_round_trip_ns_at_start", .number(coreRoundTripNanoseconds() ?? .nan)),
    // Other processes compete for the 2 cores; 2-thread numbers are meaningless when this is ≥ 1.
    ("load_average_1min_at_start", .number(loadAverage() ?? .nan)),
])

let usageBeforeSgemm = CPUUsage()
let (sgemm, sgemmRates) = benchSgemm(sizes: [128, 512], threadCounts: [1, 2], plan: plan)
let othersDuringSgemm = usageBeforeSgemm?.otherProcessesFraction(cpuCount: cpuCount) ?? .nan
let convolutions = benchConvolutions(batch: 4, plan: plan)
let doubleBackward = benchDoubleBackward(batch: 2, plan: plan)
let target = sgemmRates["512x2"] ?? 0
var attackRows: [JSON] = []
var attackMedians: [String: Double] = [:]
for workload in AttackWorkload.all {
    do {
        let (json, medianMs) = try benchAttackIteration(workload, warmup: attackWarmup, iterations: attackIterations)
        attackRows.append(json)
        attackMedians[workload.name] = medianMs
    } catch {
        attackRows.append(.object([("workload", .string(workload.name)), ("error", .string("\(error)"))]))
    }
}
let peakMemory = benchPeakMemory(iterations: quick ? 2 : 5)

let report: JSON = .object([
    ("mode", .string(quick ? "quick" : "standard")),
    ("timing", .string("median of \(plan.trials) trials of ≥ \(Int(plan.minimumTrialSeconds * 1e3)) ms after warm-up")),
    ("machine", machine),
    ("sgemm", sgemm),
    ("conv2d_resnet_mini", convolutions),
    ("double_backward_step", doubleBackward),
    ("attack_iteration", .array(attackRows)),
    ("attack_peak_memory", peakMemory),
    ("targets", .object([
        ("sgemm_512_2threads_gflops", .number(target)),
        ("sgemm_512_2threads_best_trial_gflops", .number(sgemmRates["512x2 best"] ?? 0)),
        ("sgemm_512_2threads_goal_gflops", .number(150)),
        ("sgemm_512_2threads_goal_met", .bool(target >= 150)),
        // 2-thread figures need both cores; above ~0.1 other processes were taking one of them.
        ("other_processes_cpu_fraction_during_sgemm", .number(othersDuringSgemm)),
        ("sgemm_measurement_contended", .bool(!(othersDuringSgemm < 0.1))),
        // The goal: half of PyTorch's ~60 ms (run `make bench-compare` for the measured ratio).
        ("attack_base_median_ms", .number(attackMedians["base"] ?? .nan)),
        ("attack_base_goal_ms", .number(30)),
    ])),
    ("wall_seconds", .number(now() - started)),
    // Share of the machine's CPU used by other processes during the run (from /proc/stat).
    ("other_processes_cpu_fraction", .number(usageAtStart?.otherProcessesFraction(cpuCount: cpuCount) ?? .nan)),
])
print(report.rendered())

/// The 1-minute load average from /proc/loadavg (Linux), if readable.
func loadAverage() -> Double? {
    guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) else { return nil }
    return text.split(separator: " ").first.flatMap { Double($0) }
}
