import Attacks
import Autodiff
import Exchange
import Foundation
import Kernels
import NN
import ProcessSupport

/// One configuration of docs/DESIGN.md "The benchmark workload": an attack on a client that trained
/// resnet-mini (or torchvision's ResNet-18) locally on `images` images in batches of `batch` for
/// `epochs` epochs.
struct AttackWorkload: Sendable {
    /// The attacked model.
    enum Architecture: String, Sendable {
        /// resnet-mini (CIFAR stem), 1 input channel, 10 classes.
        case mini
        /// torchvision's resnet18 (ImageNet stem), 3 input channels, 2 classes (the paper's task).
        case resnet18
    }

    let name: String
    var images = 4, batch = 2, size = 32, width = 16, epochs = 1
    var architecture = Architecture.mini

    /// T = epochs · ceil(N/B).
    var steps: Int { epochs * ((images + batch - 1) / batch) }

    /// The base workload and its variants (docs/DESIGN.md "The benchmark workload").
    static let all: [AttackWorkload] = [
        AttackWorkload(name: "base"),
        AttackWorkload(name: "n8b4", images: 8, batch: 4),
        AttackWorkload(name: "n1b1s64", images: 1, batch: 1, size: 64),
        AttackWorkload(name: "w32", width: 32),
    ]

    /// The paper's scale (issue #19): torchvision ResNet-18, 3×224×224, N = B = T = 1. Not in
    /// `all` (a `make bench` run would take minutes): `bench --attack r18-224`.
    static let paperScale = AttackWorkload(name: "r18-224", images: 1, batch: 1, size: 224, width: 64, architecture: .resnet18)
    /// The same model at 64×64 (chapter 5's architecture comparison): `bench --attack r18-64`.
    static let paperModelSmall = AttackWorkload(name: "r18-64", images: 1, batch: 1, size: 64, width: 64, architecture: .resnet18)

    /// The attack whose peak memory is reported: N = 8, B = 4, two epochs (T = 4).
    static let memoryProbe = AttackWorkload(name: "n8b4t4", images: 8, batch: 4, epochs: 2)

    static func named(_ name: String) -> AttackWorkload? { (all + [paperScale, paperModelSmall, memoryProbe]).first { $0.name == name } }

    /// The `bench/torch_twin.py` arguments of the same workload.
    var torchArguments: String {
        "--images \(images) --batch \(batch) --size \(size) --width \(width)"
            + (architecture == .resnet18 ? " --arch resnet18 --channels 3 --classes 2" : "")
    }

    /// The attacked model.
    var model: ResNet {
        switch architecture {
        case .mini: ResNet.mini(width: width, imageSize: size)
        case .resnet18: ResNet.resnet18(inChannels: 3, classes: 2, imageSize: size, width: width)
        }
    }

    /// The server's view of the client's round: global state, the client's update, a prior image.
    func scenario() -> (model: ResNet, payload: ServerPayload, update: ClientUpdate, prior: Tensor) {
        let model = self.model
        let channels = model.inChannels
        let global = model.initialState(seed: 1)
        var generator = RandomGenerator(seed: 2)
        let images = Tensor.randomUniform([images, channels, size, size], generator: &generator)
        let labels = (0..<self.images).map { $0 % model.classes }
        let training = LocalTraining(learningRate: 0.01, batchSize: batch, epochs: epochs)
        let local = withoutRecording { training.train(model, from: global, images: images, targets: .hard(labels)) }
        let metadata = TrainingMetadata(images: self.images, batchSize: batch, epochs: epochs, learningRate: 0.01)
        let update = ClientUpdate(clientID: 0, round: 0, delta: local.state - global, metadata: metadata)
        // A smooth prior image in [0.2, 0.6] (the twin upsamples random 8×8 noise; the cost is the same).
        let prior = Tensor(shape: [1, channels, size, size]) { buffer in
            for c in 0..<channels {
                for i in 0..<size {
                    for j in 0..<size {
                        let (u, v) = (Float(i) / Float(size), Float(j) / Float(size))
                        buffer[(c * size + i) * size + j] = 0.4 + 0.1 * sinf(6 * u) * cosf(5 * v) + 0.1 * u * v
                    }
                }
            }
        }
        return (model, ServerPayload(round: 0, global: global), update, prior)
    }

    /// Runs the paper's baseline attack for `iterations` iterations.
    func attack(iterations: Int) throws -> AttackResult {
        let (model, payload, update, prior) = scenario()
        return try BaselineAttack.paper(iterations: iterations)
            .reconstruct(model: model, payload: payload, update: update, threat: .server, prior: prior, seed: 1)
    }
}

/// FP32 peak of one core of the reference machine of issue #10 (an AVX-512 Xeon: about 230 GFLOP/s for
/// 2 cores). Other CPUs have other peaks: `sgemm_ceiling_gflops_per_thread` is measured on the machine.
let corePeakGFLOPS = 115.0

/// Times `workload`: `warmup` untimed iterations, then the median wall-clock time of `iterations`
/// iterations; the GEMM FLOPs of one iteration (from `FlopCounter`) give the achieved GFLOP/s.
/// `shapes`: also report the GEMM time per shape (the `shapes` most expensive ones).
func benchAttackIteration(_ workload: AttackWorkload, warmup: Int, iterations: Int,
                          shapes: Int = 0) throws -> (json: JSON, medianMs: Double) {
    let ceiling = sgemmCeilingPerThread
    BLAS.configureForAppParallelism()
    FlopCounter.isEnabled = true
    defer { FlopCounter.isEnabled = false }
    // FLOPs of one iteration: the difference between a 1- and a 2-iteration attack (setup cancels).
    FlopCounter.reset()
    _ = try workload.attack(iterations: 1)
    let one = FlopCounter.current
    _ = try workload.attack(iterations: 2)
    let perIteration = FlopCounter.current - one - one

    let roundTripBefore = coreRoundTripNanoseconds()
    let usage = CPUUsage()
    let cpuBefore = processCPUSeconds()
    FlopCounter.reset()
    FlopCounter.isTallyingShapes = shapes > 0
    defer { FlopCounter.isTallyingShapes = false }
    let result = try workload.attack(iterations: warmup + iterations)
    let cpuSeconds = processCPUSeconds() - cpuBefore
    let gemm = FlopCounter.current
    let byShape = FlopCounter.byShape
    let roundTripAfter = coreRoundTripNanoseconds()
    let others = usage?.otherProcessesFraction(cpuCount: ProcessInfo.processInfo.activeProcessorCount) ?? .nan
    let timed = Array(result.iterationSeconds.dropFirst(warmup))
    let medianSeconds = median(timed)
    let totalIterations = Double(result.iterationSeconds.count)
    let flops = Double(perIteration.flops)
    progress("attack \(workload.name) (\(workload.model.name), N=\(workload.images) B=\(workload.batch) T=\(workload.steps) "
             + "\(workload.size)×\(workload.size) w\(workload.width)): median \(String(format: "%.2f", medianSeconds * 1e3)) ms/iteration, "
             + "\(String(format: "%.1f", flops / medianSeconds / 1e9)) GFLOP/s, CPU \(String(format: "%.2f", cpuSeconds / totalIterations * 1e3)) ms/iteration, "
             + "core round trip \(roundTripText(roundTripBefore)) → \(roundTripText(roundTripAfter))")
    let inGEMM = Double(gemm.flops) / gemm.seconds / 1e9
    var fields: [(String, JSON)] = [
        ("workload", .string(workload.name)), ("cpu", .string(cpuIdentity)), ("images", .integer(workload.images)), ("batch", .integer(workload.batch)),
        ("steps", .integer(workload.steps)), ("size", .integer(workload.size)), ("width", .integer(workload.width)),
        ("warmup", .integer(warmup)), ("iterations", .integer(timed.count)),
        ("median_ms", .number(medianSeconds * 1e3)), ("min_ms", .number((timed.min() ?? .nan) * 1e3)),
        ("max_ms", .number((timed.max() ?? .nan) * 1e3)),
        // Process CPU time (all threads) per iteration, over warm-up and timed iterations: less
        // sensitive to other processes than wall-clock time.
        ("cpu_ms_per_iteration", .number(cpuSeconds / totalIterations * 1e3)),
        ("gemm_gflop_per_iteration", .number(flops / 1e9)), ("gemm_calls_per_iteration", .integer(perIteration.calls)),
        // The part of those FLOPs done by the direct 3×3 convolution kernels (implicit GEMMs,
        // counted as their im2col + GEMM twin would be); 0 with GL_DIRECT_CONV=0.
        ("direct_share_of_gemm_flops", .number(Double(perIteration.directFlops) / flops)),
        ("achieved_gflops", .number(flops / medianSeconds / 1e9)),
        // Inside the GEMMs and direct convolution kernels alone (their CPU time, the direct kernels'
        // zero padding included): the rate of one core running them, and their share of the
        // process's CPU time.
        ("gemm_gflops_per_thread", .number(inGEMM)),
        ("gemm_fraction_of_core_peak", .number(inGEMM / corePeakGFLOPS)),
        // This machine's own ceiling: the best single-threaded 512³ sgemm, measured once per process.
        ("sgemm_ceiling_gflops_per_thread", .number(ceiling)),
        ("gemm_fraction_of_sgemm_ceiling", .number(inGEMM / ceiling)),
        ("gemm_share_of_cpu", .number(gemm.seconds / cpuSeconds)),
        ("other_processes_cpu_fraction", .number(others)),
        // Where the host placed the two cores, before and after the timed iterations: timings are
        // comparable only within one placement (CoreRoundTrip.swift).
        ("core_round_trip_ns_before", .number(roundTripBefore ?? .nan)),
        ("core_round_trip_ns_after", .number(roundTripAfter ?? .nan)),
        // Whole iteration: every FLOP counted (convolutions and GEMMs) over wall time, against both cores' peak.
        ("achieved_fraction_of_machine_peak", .number(flops / medianSeconds / 1e9 / (corePeakGFLOPS * Double(Parallel.threadCount)))),
        // The same against this machine's sgemm ceiling on every app thread: the share of what its
        // BLAS could do if the whole iteration were large GEMMs.
        ("achieved_fraction_of_sgemm_ceiling", .number(flops / medianSeconds / 1e9 / (ceiling * Double(Parallel.threadCount)))),
        // Peak resident memory of this process so far (all of it when only this workload ran: `--attack`).
        ("peak_rss_mib", .number(peakResidentMiB())),
    ]
    if shapes > 0 {
        let rows = byShape.sorted { $0.value.seconds > $1.value.seconds }.prefix(shapes).map { shape, tally -> JSON in
            .object([("shape", .string(shape.description)), ("calls", .integer(tally.calls)),
                     ("gflops", .number(Double(tally.flops) / tally.seconds / 1e9)),
                     ("share_of_gemm_time", .number(tally.seconds / gemm.seconds))])
        }
        fields.append(("gemm_shapes", .array(rows)))
    }
    return (.object(fields), medianSeconds * 1e3)
}

/// "64 ns", or "unmeasured".
private func roundTripText(_ nanoseconds: Double?) -> String {
    nanoseconds.map { String(format: "%.0f ns", $0) } ?? "unmeasured"
}

/// Peak resident memory of the N = 8, B = 4, T = 4 attack, measured in a child process running
/// only that attack (`bench --peak-memory-probe`), so earlier workloads do not count.
func benchPeakMemory(iterations: Int) -> JSON {
    do {
        let (data, _, termination) = try ChildProcess.outputs(of: URL(fileURLWithPath: CommandLine.arguments[0]),
                                                              ["--peak-memory-probe", "--iterations", String(iterations)])
        guard termination.succeeded,
              let text = String(data: data, encoding: .utf8)?.trimmingCharacters(in: .whitespacesAndNewlines),
              let kilobytes = Int(text) else {
            return .object([("error", .string("memory probe: \(termination)"))])
        }
        let mib = Double(kilobytes) / 1024
        progress("attack \(AttackWorkload.memoryProbe.name): peak memory \(String(format: "%.0f", mib)) MiB")
        return .object([
            ("workload", .string(AttackWorkload.memoryProbe.name)), ("images", .integer(8)), ("batch", .integer(4)),
            ("steps", .integer(AttackWorkload.memoryProbe.steps)), ("iterations", .integer(iterations)),
            ("peak_rss_mib", .number(mib)), ("goal_mib", .integer(1024)), ("goal_met", .bool(mib <= 1024)),
        ])
    } catch {
        return .object([("error", .string("cannot start the memory probe: \(error)"))])
    }
}

/// The body of `bench --peak-memory-probe`: runs the attack and prints its maxrss in KiB.
func runPeakMemoryProbe(iterations: Int) throws {
    BLAS.configureForAppParallelism()
    _ = try AttackWorkload.memoryProbe.attack(iterations: iterations)
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    print(usage.ru_maxrss)
}

/// Peak resident memory of this process so far, in MiB (getrusage's maxrss is in KiB on Linux).
func peakResidentMiB() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024
}

/// CPU seconds used by this process so far (all threads).
func processCPUSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
}
