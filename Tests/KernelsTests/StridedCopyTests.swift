import Kernels
import XCTest

final class StridedCopyTests: XCTestCase {
    func testPermuteCopy() {
        var rng = RandomGenerator(seed: 8)
        let shape = [2, 3, 4, 5]
        let x = rng.uniformArray(Shapes.count(shape))
        for order in [[0, 1, 2, 3], [3, 2, 1, 0], [0, 2, 3, 1], [1, 0, 3, 2], [2, 0, 1, 3]] {
            let outShape = order.map { shape[$0] }
            let source = Shapes.strides(shape)
            var out = [Float](repeating: .nan, count: x.count)
            StridedCopy.copy(shape: outShape, from: x, strides: order.map { source[$0] }, to: &out,
                             destinationStrides: Shapes.strides(outShape))
            let expected = (0..<x.count).map { flat -> Float in
                let o = multiIndex(flat, outShape)
                var i = [Int](repeating: 0, count: 4)
                for (axis, from) in order.enumerated() { i[from] = o[axis] }
                return x[flatIndex(i, shape)]
            }
            XCTAssertEqual(out, expected, "permute \(order)")
        }
    }

    func testBroadcastSliceAndPadCopies() {
        var rng = RandomGenerator(seed: 9)
        // Broadcast [3, 1, 4] → [2, 3, 5, 4].
        let small = rng.uniformArray(12)
        let target = [2, 3, 5, 4]
        var expanded = [Float](repeating: .nan, count: Shapes.count(target))
        StridedCopy.copy(shape: target, from: small, strides: Shapes.broadcastStrides([3, 1, 4], to: target),
                         to: &expanded, destinationStrides: Shapes.strides(target))
        XCTAssertEqual(expanded, (0..<expanded.count).map { flat in
            let i = multiIndex(flat, target); return small[i[1] * 4 + i[3]]
        })

        // Slice [1..<3, 2..<5] of a 4×6 matrix, then pad it back into a zeroed 4×6 (the adjoint).
        let x = rng.uniformArray(24)
        var sliced = [Float](repeating: .nan, count: 6)
        StridedCopy.copy(shape: [2, 3], from: x, sourceOffset: 1 * 6 + 2, strides: [6, 1], to: &sliced, destinationStrides: [3, 1])
        XCTAssertEqual(sliced, [x[8], x[9], x[10], x[14], x[15], x[16]])
        var padded = [Float](repeating: 0, count: 24)
        StridedCopy.copy(shape: [2, 3], from: sliced, strides: [3, 1], to: &padded, destinationOffset: 8, destinationStrides: [6, 1])
        XCTAssertEqual(padded, (0..<24).map { [8, 9, 10, 14, 15, 16].contains($0) ? x[$0] : 0 })

        // Strided destination (every other element) and an empty shape.
        var spaced = [Float](repeating: 0, count: 6)
        StridedCopy.copy(shape: [3], from: [1, 2, 3], strides: [1], to: &spaced, destinationStrides: [2])
        XCTAssertEqual(spaced, [1, 0, 2, 0, 3, 0])
        StridedCopy.copy(shape: [0, 3], from: [1], strides: [3, 1], to: &spaced, destinationStrides: [3, 1])
        XCTAssertEqual(spaced, [1, 0, 2, 0, 3, 0])
    }

    func testStridedLoopMergesContiguousAxes() {
        let loop = StridedLoop(shape: [2, 3, 4], strides: [Shapes.strides([2, 3, 4]), [0, 4, 1]])
        XCTAssertEqual(loop.shape, [2, 12])
        var runs = 0
        loop.forEachRun { _, n, _ in runs += 1; XCTAssertEqual(n, 12) }
        XCTAssertEqual(runs, 2)
    }
}
