import CBLAS

/// Thin wrapper over OpenBLAS's `cblas_sgemm` (row-major).
public enum BLAS {
    /// `C = alpha · op(A) · op(B) + beta · C` with `op(A)` of shape m×k and `op(B)` of shape k×n,
    /// all row-major with leading dimensions `lda`, `ldb`, `ldc`.
    @inlinable
    public static func sgemm(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
        alpha: Float = 1, a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int,
        beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        if m == 0 || n == 0 { return }
        if k == 0 {
            if beta == 0 { for i in 0..<m { (c + i * ldc).update(repeating: 0, count: n) } }
            else if beta != 1 { for i in 0..<m { for j in 0..<n { c[i * ldc + j] *= beta } } }
            return
        }
        let started = FlopCounter.isEnabled ? FlopCounter.clock() : 0
        cblas_sgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
        if FlopCounter.isEnabled {
            let shape = FlopCounter.Shape(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k)
            FlopCounter.record(shape, seconds: FlopCounter.clock() - started)
        }
    }

    /// Sets OpenBLAS's own thread count. The stack keeps it at 1 and parallelises over the batch
    /// (`Parallel`); benchmarks raise it to measure BLAS alone.
    public static func setThreads(_ count: Int) { openblas_set_num_threads(Int32(count)) }

    /// OpenBLAS's own thread count.
    public static var threads: Int { Int(openblas_get_num_threads()) }

    /// The CPU kernel OpenBLAS chose at load time (for example "Cooperlake").
    public static var coreName: String { String(cString: openblas_get_corename()) }

    /// Puts OpenBLAS in single-threaded mode once per process; call before parallel app work.
    /// Also keeps glibc from returning large freed blocks to the kernel, so the per-iteration
    /// buffers of an attack are reused instead of page-faulted in again every time.
    public static func configureForAppParallelism() { _ = singleThreaded }
    private static let singleThreaded: Bool = {
        openblas_set_num_threads(1)
        #if os(Linux)
        _ = glibcMallopt(-3, 512 << 20)  // M_MMAP_THRESHOLD
        _ = glibcMallopt(-1, 1 << 30)    // M_TRIM_THRESHOLD
        #endif
        return true
    }()
}

#if os(Linux)
/// glibc's `mallopt` (declared in <malloc.h>, which the Glibc module does not export).
@_silgen_name("mallopt")
private func glibcMallopt(_ parameter: Int32, _ value: Int32) -> Int32
#endif
