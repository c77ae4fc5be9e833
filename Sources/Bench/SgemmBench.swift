import Kernels

/// Square row-major sgemm through `BLAS.sgemm` at a given OpenBLAS thread count (docs/NATIVE-LIBS.md §4).
func benchSgemm(sizes: [Int], threadCounts: [Int], plan: TimingPlan) -> (json: JSON, gflops: [String: Double]) {
    var rows: [JSON] = []
    var gflops: [String: Double] = [:]
    for n in sizes {
        var rng = RandomGenerator(seed: UInt64(n))
        let a = (0..<(n * n)).map { _ in rng.nextUniform() - 0.5 }
        let b = (0..<(n * n)).map { _ in rng.nextUniform() - 0.5 }
        var c = [Float](repeating: 0, count: n * n)
        for threads in threadCounts {
            BLAS.setThreads(threads)
            let (seconds, best) = plan.measure {
                BLAS.sgemm(transposeA: false, transposeB: false, m: n, n: n, k: n, a: a, lda: n, b: b, ldb: n, c: &c, ldc: n)
            }
            let flops = 2 * Double(n * n * n)
            let rate = flops / seconds / 1e9
            gflops["\(n)x\(threads)"] = rate
            gflops["\(n)x\(threads) best"] = flops / best / 1e9
            progress("sgemm n=\(n) threads=\(threads): \(String(format: "%.1f", rate)) GFLOP/s "
                     + "(best trial \(String(format: "%.1f", flops / best / 1e9)))")
            rows.append(.object([("n", .integer(n)), ("blas_threads", .integer(threads)),
                                 ("ms", .number(seconds * 1e3)), ("gflops", .number(rate)),
                                 ("best_trial_gflops", .number(flops / best / 1e9))]))
        }
    }
    BLAS.setThreads(1)  // the stack's setting: app-level parallelism over single-threaded BLAS
    return (.array(rows), gflops)
}

/// What this machine's OpenBLAS reaches on one core: the best of several 512×512×512 single-threaded
/// sgemm trials, in GFLOP/s, measured once per process (before the first attack workload). The
/// attack workloads quote their GEMM rate against it, because a fixed "peak" misleads across CPUs
/// (a Zen 1-class EPYC splits each 256-bit FMA in two and tops out near 34 GFLOP/s, a Xeon with
/// AVX-512 near 115).
let sgemmCeilingPerThread: Double = {
    let n = 512
    var rng = RandomGenerator(seed: 512)
    let a = (0..<(n * n)).map { _ in rng.nextUniform() - 0.5 }
    let b = (0..<(n * n)).map { _ in rng.nextUniform() - 0.5 }
    var c = [Float](repeating: 0, count: n * n)
    BLAS.setThreads(1)
    let (_, best) = TimingPlan(warmupSeconds: 0.05, trials: 5, minimumTrialSeconds: 0.03).measure {
        BLAS.sgemm(transposeA: false, transposeB: false, m: n, n: n, k: n, a: a, lda: n, b: b, ldb: n, c: &c, ldc: n)
    }
    return 2 * Double(n * n * n) / best / 1e9
}()
