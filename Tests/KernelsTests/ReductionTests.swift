import Kernels
import XCTest

final class ReductionTests: XCTestCase {
    private let shape = [3, 4, 5, 6]

    /// All 16 subsets of the four axes.
    private var axisSubsets: [Set<Int>] {
        (0..<16).map { mask in Set((0..<4).filter { mask & (1 << $0) != 0 }) }
    }

    private func naive(_ x: [Float], axes: Set<Int>, combine: (Double, Double) -> Double, initial: Double) -> [Float] {
        let outShape = shape.indices.map { axes.contains($0) ? 1 : shape[$0] }
        var out = [Double](repeating: initial, count: Shapes.count(outShape))
        for flat in x.indices {
            var index = multiIndex(flat, shape)
            for axis in axes { index[axis] = 0 }
            let o = flatIndex(index, outShape)
            out[o] = combine(out[o], Double(x[flat]))
        }
        return out.map(Float.init)
    }

    func testSumOverEveryAxisSubset() {
        var rng = RandomGenerator(seed: 5)
        let x = rng.uniformArray(Shapes.count(shape))
        for axes in axisSubsets {
            let outCount = Shapes.count(shape.indices.map { axes.contains($0) ? 1 : shape[$0] })
            var out = [Float](repeating: .nan, count: outCount)
            Reduction.sum(x, shape: shape, axes: axes, into: &out)
            assertClose(out, naive(x, axes: axes, combine: +, initial: 0), tolerance: 1e-5, "sum over \(axes.sorted())")
        }
    }

    func testMaxOverEveryAxisSubset() {
        var rng = RandomGenerator(seed: 6)
        let x = rng.uniformArray(Shapes.count(shape), -5, 5)
        for axes in axisSubsets {
            let outCount = Shapes.count(shape.indices.map { axes.contains($0) ? 1 : shape[$0] })
            var out = [Float](repeating: .nan, count: outCount)
            Reduction.max(x, shape: shape, axes: axes, into: &out)
            XCTAssertEqual(out, naive(x, axes: axes, combine: { Swift.max($0, $1) }, initial: -.infinity), "max over \(axes.sorted())")
        }
    }

    /// Σ (a − b)² equals the composed difference, square and sum bit for bit (so attacks that
    /// switched to it kept their numbers), on lengths around the four-way unrolling and the blocks
    /// (`Reduction.blockLength`; beyond one block squaredDistance sums its blocks on every thread,
    /// `sum` on one), with NaN.
    func testSquaredDistanceEqualsDifferenceSquaredSum() {
        var rng = RandomGenerator(seed: 11)
        let block = Reduction.blockLength
        let counts: [Int] = [0, 1, 3, 4, 5, 8, 9, 1_001, block, block + 1, 200_003, 16 * block + 5]
        for count in counts {
            let a = (0..<count).map { _ in rng.nextUniform() * 2 - 1 }, b = (0..<count).map { _ in rng.nextUniform() * 2 - 1 }
            let squares = zip(a, b).map { ($0 - $1) * ($0 - $1) }
            var composed: Float = 0
            Reduction.sum(squares, shape: [count], axes: [0], into: &composed)
            XCTAssertEqual(Reduction.squaredDistance(a, b, count: count).bitPattern, composed.bitPattern, "count \(count)")
            let reference = zip(a, b).reduce(0.0) { $0 + Double($1.0 - $1.1) * Double($1.0 - $1.1) }
            XCTAssertEqual(Double(composed), reference, accuracy: 1e-4 * max(reference, 1), "count \(count)")
        }
        XCTAssertTrue(Reduction.squaredDistance([1, .nan, 2], [0, 0, 0], count: 3).isNaN)
    }

    func testSumWithUnitAxesAndEmptyShape() {
        let x: [Float] = [1, 2, 3, 4, 5, 6]
        var out = [Float](repeating: .nan, count: 2)
        Reduction.sum(x, shape: [2, 1, 3], axes: [1, 2], into: &out)
        XCTAssertEqual(out, [6, 15])
        var empty = [Float](repeating: .nan, count: 2)
        Reduction.sum([], shape: [2, 0], axes: [1], into: &empty)
        XCTAssertEqual(empty, [0, 0])
    }
}

final class ElementwiseTests: XCTestCase {
    /// Every broadcasting pattern of the strided loop: equal shapes, scalar on either side, middle and
    /// leading broadcast axes, and both operands broadcast at once.
    func testBinaryBroadcastingMatchesNaive() {
        var rng = RandomGenerator(seed: 7)
        let cases: [([Int], [Int])] = [([2, 3, 4], [2, 3, 4]), ([2, 3, 4], [1]), ([1], [2, 3, 4]), ([2, 3, 4], [3, 1]),
                                       ([4, 1, 5], [1, 3, 5]), ([3, 1], [1, 4]), ([2, 1, 4], [4]), ([5], [5]), ([], [2, 2])]
        for (sa, sb) in cases {
            let shape = try! Shapes.broadcast(sa, sb, op: "test")
            let a = rng.uniformArray(Shapes.count(sa), 0.5, 2), b = rng.uniformArray(Shapes.count(sb), 0.5, 2)
            for (kind, f) in [(BinaryKind.add, { (x: Float, y: Float) in x + y }), (.subtract, { $0 - $1 }),
                              (.multiply, { $0 * $1 }), (.divide, { $0 / $1 })] {
                var out = [Float](repeating: .nan, count: Shapes.count(shape))
                Elementwise.binary(kind, a, strides: Shapes.broadcastStrides(sa, to: shape),
                                   b, strides: Shapes.broadcastStrides(sb, to: shape), into: &out, shape: shape)
                let expected = (0..<out.count).map { flat -> Float in
                    let index = multiIndex(flat, shape)
                    func read(_ v: [Float], _ s: [Int]) -> Float {
                        let offset = shape.count - s.count
                        return v[flatIndex(s.indices.map { s[$0] == 1 ? 0 : index[$0 + offset] }, s)]
                    }
                    return f(read(a, sa), read(b, sb))
                }
                XCTAssertEqual(out, expected, "\(kind) \(sa) \(sb)")
            }
        }
    }

    func testBroadcastRejectsIncompatibleShapes() {
        XCTAssertThrowsError(try Shapes.broadcast([2, 3], [4], op: "add")) { error in
            XCTAssertEqual(String(describing: error), "add: shapes [2, 3] and [4] are not broadcastable")
        }
        XCTAssertThrowsError(try Shapes.axis(4, rank: 4, op: "sum"))
        XCTAssertEqual(try Shapes.axis(-1, rank: 4, op: "sum"), 3)
    }

    func testUnaryMapsMatchTheirDefinitions() {
        let x: [Float] = [-2, -0.5, 0, 0.25, 3]
        let positive: [Float] = [0.25, 1, 2, 9]
        func run(_ kind: UnaryKind, _ input: [Float]) -> [Float] {
            var out = [Float](repeating: .nan, count: input.count)
            Elementwise.unary(kind, input, into: &out, count: input.count)
            return out
        }
        XCTAssertEqual(run(.negate, x), x.map { -$0 })
        XCTAssertEqual(run(.relu, x), [0, 0, 0, 0.25, 3])
        XCTAssertEqual(run(.step, x), [0, 0, 0, 1, 1])
        XCTAssertEqual(run(.sign, x), [-1, -1, 0, 1, 1])
        XCTAssertEqual(run(.abs, x), [2, 0.5, 0, 0.25, 3])
        XCTAssertEqual(run(.addScalar(1.5), x), x.map { $0 + 1.5 })
        XCTAssertEqual(run(.multiplyScalar(-3), x), x.map { $0 * -3 })
        assertClose(run(.exp, x), x.map { Float(Foundation.exp(Double($0))) }, tolerance: 1e-6)
        assertClose(run(.log, positive), positive.map { Float(Foundation.log(Double($0))) }, tolerance: 1e-6)
        for p: Float in [2, 1, 0.5, -1, -0.5, 3, 1.5, 0] {
            assertClose(run(.power(p), positive), positive.map { Float(Foundation.pow(Double($0), Double(p))) },
                        tolerance: 1e-6, "power \(p)")
        }
    }
}

import Foundation
