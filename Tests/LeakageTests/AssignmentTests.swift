import Kernels
import XCTest
@testable import Leakage

final class AssignmentTests: XCTestCase {
    /// Best total over all injective maps rows → columns (rows ≤ columns), by brute force.
    func bruteForce(_ m: [[Double]], maximise: Bool) -> Double {
        let rows = m.count, columns = m[0].count
        var best = maximise ? -Double.infinity : .infinity
        var used = [Bool](repeating: false, count: columns)
        func visit(_ r: Int, _ total: Double) {
            if r == rows { best = maximise ? max(best, total) : min(best, total); return }
            for c in 0..<columns where !used[c] {
                used[c] = true; visit(r + 1, total + m[r][c]); used[c] = false
            }
        }
        visit(0, 0)
        return best
    }

    func randomMatrix(_ rows: Int, _ columns: Int, _ generator: inout RandomGenerator, integers: Bool) -> [[Double]] {
        (0..<rows).map { _ in (0..<columns).map { _ in
            integers ? Double(Int(generator.nextUniform() * 5)) : Double(generator.nextNormal())
        } }
    }

    func checkValid(_ a: Assignment, rows: Int, columns: Int) {
        let matched = a.columnForRow.compactMap { $0 }
        XCTAssertEqual(matched.count, min(rows, columns))
        XCTAssertEqual(Set(matched).count, matched.count, "columns used once")
        for (r, c) in a.pairs { XCTAssertEqual(a.rowForColumn[c], r) }
    }

    func testAgainstBruteForceSquare() throws {
        var generator = RandomGenerator(seed: 42)
        for trial in 0..<60 {
            let m = randomMatrix(6, 6, &generator, integers: trial % 2 == 0)   // integers force ties
            let low = try OptimalAssignment.minimisingCost(m)
            let high = try OptimalAssignment.maximisingSimilarity(m)
            checkValid(low, rows: 6, columns: 6)
            checkValid(high, rows: 6, columns: 6)
            XCTAssertEqual(low.total, bruteForce(m, maximise: false), accuracy: 1e-9, "trial \(trial)")
            XCTAssertEqual(high.total, bruteForce(m, maximise: true), accuracy: 1e-9, "trial \(trial)")
            XCTAssertEqual(low.total, low.pairs.reduce(0) { $0 + m[$1.row][$1.column] }, accuracy: 1e-12)
        }
    }

    func testAgainstBruteForceRectangular() throws {
        var generator = RandomGenerator(seed: 7)
        for trial in 0..<30 {
            let wide = randomMatrix(4, 6, &generator, integers: trial % 3 == 0)
            let a = try OptimalAssignment.maximisingSimilarity(wide)
            checkValid(a, rows: 4, columns: 6)
            XCTAssertEqual(a.total, bruteForce(wide, maximise: true), accuracy: 1e-9)
            // Tall: the transpose has the same optimum; two rows stay unmatched.
            let tall = (0..<6).map { c in (0..<4).map { r in wide[r][c] } }
            let b = try OptimalAssignment.maximisingSimilarity(tall)
            checkValid(b, rows: 6, columns: 4)
            XCTAssertEqual(b.columnForRow.filter { $0 == nil }.count, 2)
            XCTAssertEqual(b.total, a.total, accuracy: 1e-9)
        }
    }

    func testKnownCaseAndOneByOne() throws {
        let cost: [[Double]] = [[4, 1, 3], [2, 0, 5], [3, 2, 2]]
        let a = try OptimalAssignment.minimisingCost(cost)
        XCTAssertEqual(a.columnForRow, [1, 0, 2])
        XCTAssertEqual(a.total, 5)
        XCTAssertEqual(try OptimalAssignment.maximisingSimilarity([[0.3]]).columnForRow, [0])
    }

    func testMatchBySSIMRecoversPermutation() throws {
        let originals = (0..<5).map { TestImages.random([1, 12, 12], seed: UInt64(100 + $0)) }
        let order = [3, 0, 4, 1, 2]
        let reconstructions = order.enumerated().map { TestImages.noisy(originals[$0.element], sigma: 0.15, seed: UInt64($0.offset)) }
        let matching = try OptimalAssignment.matchBySSIM(reconstructions: reconstructions, originals: originals, dataRange: 1)
        XCTAssertEqual(matching.assignment.columnForRow.map { $0! }, order)
        XCTAssertTrue(matching.matchedSimilarity.allSatisfy { $0! > 0.5 })
    }

    func testBadInput() {
        assertThrows(try OptimalAssignment.minimisingCost([]), contains: ["OptimalAssignment.minimisingCost", "empty"])
        assertThrows(try OptimalAssignment.minimisingCost([[1, 2], [3]]), contains: ["not rectangular"])
        assertThrows(try OptimalAssignment.maximisingSimilarity([[1, .nan]]), contains: ["non-finite", "[0, 1]"])
    }
}
