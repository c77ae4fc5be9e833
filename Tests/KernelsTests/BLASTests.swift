import Kernels
import XCTest

final class BLASTests: XCTestCase {
    /// `C = alpha·op(A)·op(B) + beta·C` by the definition, in Double.
    private func naiveGemm(_ ta: Bool, _ tb: Bool, _ m: Int, _ n: Int, _ k: Int, _ alpha: Float,
                           _ a: [Float], _ lda: Int, _ b: [Float], _ ldb: Int, _ beta: Float, _ c: [Float], _ ldc: Int) -> [Float] {
        var out = c
        for i in 0..<m {
            for j in 0..<n {
                var sum: Double = 0
                for p in 0..<k {
                    let av = ta ? a[p * lda + i] : a[i * lda + p]
                    let bv = tb ? b[j * ldb + p] : b[p * ldb + j]
                    sum += Double(av) * Double(bv)
                }
                out[i * ldc + j] = Float(Double(alpha) * sum + Double(beta) * Double(c[i * ldc + j]))
            }
        }
        return out
    }

    func testSgemmMatchesNaiveForEveryTransposeAndOddSizes() {
        var rng = RandomGenerator(seed: 1)
        let sizes = [(1, 1, 1), (37, 29, 53), (17, 1, 5), (1, 23, 7), (64, 65, 3), (5, 7, 130)]
        for (m, n, k) in sizes {
            for ta in [false, true] {
                for tb in [false, true] {
                    for (alpha, beta) in [(Float(1), Float(0)), (0.5, 2)] {
                        // Leading dimensions wider than the matrices exercise the lda/ldb/ldc plumbing.
                        let aRows = ta ? k : m, aCols = ta ? m : k, lda = aCols + 3
                        let bRows = tb ? n : k, bCols = tb ? k : n, ldb = bCols + 1
                        let ldc = n + 2
                        let a = rng.uniformArray(aRows * lda), b = rng.uniformArray(bRows * ldb)
                        var c = rng.uniformArray(m * ldc)
                        let expected = naiveGemm(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
                        BLAS.sgemm(transposeA: ta, transposeB: tb, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda,
                                   b: b, ldb: ldb, beta: beta, c: &c, ldc: ldc)
                        assertClose(c, expected, tolerance: 1e-5, "sgemm \(m)×\(n)×\(k) ta=\(ta) tb=\(tb) α=\(alpha) β=\(beta)")
                    }
                }
            }
        }
    }

    func testSgemmWithEmptyInnerDimensionScalesC() {
        var c: [Float] = [1, 2, 3, 4]
        let dummy: [Float] = [0]
        BLAS.sgemm(transposeA: false, transposeB: false, m: 2, n: 2, k: 0, a: dummy, lda: 1, b: dummy, ldb: 2,
                   beta: 0, c: &c, ldc: 2)
        XCTAssertEqual(c, [0, 0, 0, 0])
        c = [1, 2, 3, 4]
        BLAS.sgemm(transposeA: false, transposeB: false, m: 2, n: 2, k: 0, a: dummy, lda: 1, b: dummy, ldb: 2,
                   beta: 3, c: &c, ldc: 2)
        XCTAssertEqual(c, [3, 6, 9, 12])
    }

    func testThreadSettingAndCoreName() {
        let before = BLAS.threads
        BLAS.setThreads(1)
        XCTAssertEqual(BLAS.threads, 1)
        BLAS.setThreads(before)
        XCTAssertFalse(BLAS.coreName.isEmpty)
    }
}
