import Kernels
import XCTest

/// Large loops are split over threads (`StridedLoop.forEachRunConcurrently`, `Elementwise.unary`):
/// results must equal the naive definition for one long run, many runs, odd lengths and broadcasts.
/// (The default split threshold is 16,384 elements; a larger GL_PARALLEL_ELEMENTS skips these.)
final class ConcurrentLoopTests: XCTestCase {
    func testLargeLoopsAreActuallySplit() throws {
        try XCTSkipIf(Parallel.threadCount < 2, "one thread: nothing is split")
        XCTAssertGreaterThan(Parallel.chunkCount(1 << 15), 1)
        // The cases below (≥ 32,768 elements) take the threaded paths only when elementwise loops
        // are split that early (the default threshold is 16,384; GL_PARALLEL_ELEMENTS overrides it).
        try XCTSkipIf(Parallel.minimumElementwiseElements > 32_768,
                      "GL_PARALLEL_ELEMENTS=\(Parallel.minimumElementwiseElements): run with GL_PARALLEL_ELEMENTS=32768 to exercise split loops")
    }

    func testLargeBroadcastingBinaryMatchesNaive() {
        var rng = RandomGenerator(seed: 21)
        let cases: [([Int], [Int])] = [
            ([65_537], [65_537]),          // one long run, odd length
            ([65_537], [1]),               // one long run against a scalar
            ([64, 1025], [1025]),          // many runs, row broadcast
            ([3, 40_001], [3, 1]),         // few long runs, column broadcast
            ([7, 1, 9_999], [1, 5, 9_999]),  // both operands broadcast
        ]
        for (sa, sb) in cases {
            let shape = try! Shapes.broadcast(sa, sb, op: "test")
            let a = rng.uniformArray(Shapes.count(sa)), b = rng.uniformArray(Shapes.count(sb), 0.5, 2)
            var out = [Float](repeating: .nan, count: Shapes.count(shape))
            Elementwise.binary(.divide, a, strides: Shapes.broadcastStrides(sa, to: shape),
                               b, strides: Shapes.broadcastStrides(sb, to: shape), into: &out, shape: shape)
            let (stridesA, stridesB) = (Shapes.broadcastStrides(sa, to: shape), Shapes.broadcastStrides(sb, to: shape))
            var mismatches = 0
            for flat in out.indices {
                let index = multiIndex(flat, shape)
                let ia = zip(index, stridesA).reduce(0) { $0 + $1.0 * $1.1 }
                let ib = zip(index, stridesB).reduce(0) { $0 + $1.0 * $1.1 }
                if out[flat] != a[ia] / b[ib] { mismatches += 1 }
            }
            XCTAssertEqual(mismatches, 0, "\(sa) / \(sb)")
        }
    }

    func testLargeUnaryMatchesSerial() {
        var rng = RandomGenerator(seed: 22)
        for n in [32_768, 100_003] {
            let x = rng.uniformArray(n, 0.1, 3)
            for kind in [UnaryKind.exp, .log, .power(1.5), .relu, .multiplyScalar(-2)] {
                var out = [Float](repeating: .nan, count: n)
                Elementwise.unary(kind, x, into: &out, count: n)
                var expected = [Float](repeating: .nan, count: 1)
                var mismatches = 0
                for i in 0..<n {
                    Elementwise.unary(kind, [x[i]], into: &expected, count: 1)  // short: the serial path
                    if out[i] != expected[0] { mismatches += 1 }
                }
                XCTAssertEqual(mismatches, 0, "\(kind) n=\(n)")
            }
        }
    }

    func testLargeStridedCopies() {
        var rng = RandomGenerator(seed: 23)
        // Permute [40, 30, 51] by [2, 0, 1].
        let shape = [40, 30, 51], order = [2, 0, 1]
        let x = rng.uniformArray(Shapes.count(shape))
        let outShape = order.map { shape[$0] }, source = Shapes.strides(shape)
        var out = [Float](repeating: .nan, count: x.count)
        StridedCopy.copy(shape: outShape, from: x, strides: order.map { source[$0] }, to: &out,
                         destinationStrides: Shapes.strides(outShape))
        var mismatches = 0
        for flat in out.indices {
            let o = multiIndex(flat, outShape)
            if out[flat] != x[(o[1] * 30 + o[2]) * 51 + o[0]] { mismatches += 1 }
        }
        XCTAssertEqual(mismatches, 0, "permute")

        // Pad a [200, 300] matrix into [203, 305] at offset (1, 2): one run per row, concurrently.
        let m = rng.uniformArray(200 * 300)
        var padded = [Float](repeating: 0, count: 203 * 305)
        StridedCopy.copy(shape: [200, 300], from: m, strides: [300, 1], to: &padded,
                         destinationOffset: 305 + 2, destinationStrides: [305, 1])
        mismatches = 0
        for r in 0..<203 {
            for c in 0..<305 {
                let inside = (1..<201).contains(r) && (2..<302).contains(c)
                if padded[r * 305 + c] != (inside ? m[(r - 1) * 300 + c - 2] : 0) { mismatches += 1 }
            }
        }
        XCTAssertEqual(mismatches, 0, "pad")

        // Broadcast a 70,001-vector from a scalar (one long run with source stride 0).
        var filled = [Float](repeating: 0, count: 70_001)
        StridedCopy.copy(shape: [70_001], from: [2.5], strides: [0], to: &filled, destinationStrides: [1])
        XCTAssert(filled.allSatisfy { $0 == 2.5 })
    }
}
