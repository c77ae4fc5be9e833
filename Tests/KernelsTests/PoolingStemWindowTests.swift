@testable import Kernels
import XCTest

/// The vector loops of the ResNet stem's max pooling (3×3, stride 2, padding 1) against the
/// general loops, bit for bit: values, and indices under ties, NaN and −∞.
final class PoolingStemWindowTests: XCTestCase {
    func testStemWindowEqualsTheGeneralLoopsBitForBit() {
        let saved = Pooling.vectorisesStemWindow
        defer { Pooling.vectorisesStemWindow = saved }
        var rng = RandomGenerator(seed: 61)
        for (h, w) in [(1, 1), (2, 2), (3, 5), (4, 17), (7, 7), (16, 16), (17, 33), (112, 112)] {
            let planes = 3
            // Few distinct values (ties), with NaN, −∞ and signed zeros among them.
            let x: [Float] = rng.uniformArray(planes * h * w).enumerated().map { i, v in
                i % 29 == 0 ? .nan : i % 23 == 0 ? -.infinity : i % 19 == 0 ? -0.0 : (v * 4).rounded()
            }
            let all = [Float](repeating: -.infinity, count: planes * h * w)
            for input in [x, all] {
                func run(_ vectorised: Bool) -> (values: [UInt32], indices: [Int32]) {
                    Pooling.vectorisesStemWindow = vectorised
                    let ho = Pooling.outSize(h, kernel: 3, stride: 2, padding: 1), wo = Pooling.outSize(w, kernel: 3, stride: 2, padding: 1)
                    var y = [Float](repeating: 7, count: planes * ho * wo)
                    Pooling.maxForward(input, planes: planes, height: h, width: w, kernel: 3, stride: 2, padding: 1, into: &y)
                    let indices = Pooling.maxIndices(input, planes: planes, height: h, width: w, kernel: 3, stride: 2, padding: 1)
                    return (y.map(\.bitPattern), indices)
                }
                let (general, vector) = (run(false), run(true))
                XCTAssertEqual(vector.values, general.values, "values on \(h)×\(w)")
                XCTAssertEqual(vector.indices, general.indices, "indices on \(h)×\(w)")
            }
        }
    }
}
