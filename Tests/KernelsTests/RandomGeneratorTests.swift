import Kernels
import XCTest

final class RandomGeneratorTests: XCTestCase {
    /// First outputs for seed 42, computed independently by a Python transcription of the reference
    /// SplitMix64 + xoshiro256** (whose SplitMix64 reproduces the published vectors, e.g. seed 0 →
    /// 0xe220a8397b1dcdaf).
    func testDocumentedFirstValues() {
        var g = RandomGenerator(seed: 42)
        XCTAssertEqual((0..<4).map { _ in g.next() },
                       [0x1578_0b2e_0c2e_c716, 0x6104_d986_6d11_3a7e, 0xae17_5332_39e4_99a1, 0xecb8_ad47_03b3_60a1])
        var zero = RandomGenerator(seed: 0)
        XCTAssertEqual([zero.next(), zero.next()], [0x99ec_5f36_cb75_f2b4, 0xbf6e_1f78_4956_452a])
        var u = RandomGenerator(seed: 42)
        XCTAssertEqual((0..<4).map { _ in u.nextUniform() }, [0.08386296, 0.37898022, 0.6800434, 0.9246929])
        var n = RandomGenerator(seed: 42)
        assertClose((0..<4).map { _ in n.nextNormal() }, [-1.6132238, 0.78169203, 0.015871294, 0.4772168], tolerance: 1e-6)
    }

    func testSameSeedSameNumbersAndForksDiffer() {
        var a = RandomGenerator(seed: 7), b = RandomGenerator(seed: 7), c = RandomGenerator(seed: 8)
        let sa = (0..<100).map { _ in a.nextNormal() }
        XCTAssertEqual(sa, (0..<100).map { _ in b.nextNormal() })
        XCTAssertNotEqual(sa, (0..<100).map { _ in c.nextNormal() })
        let parent = RandomGenerator(seed: 7)
        var f1 = parent.fork(1), f1again = parent.fork(1), f2 = parent.fork(2)
        let x1 = (0..<10).map { _ in f1.next() }
        XCTAssertEqual(x1, (0..<10).map { _ in f1again.next() })
        XCTAssertNotEqual(x1, (0..<10).map { _ in f2.next() })
    }

    func testDistributions() {
        var g = RandomGenerator(seed: 11)
        let count = 200_000
        let normals = (0..<count).map { _ in Double(g.nextNormal()) }
        let mean = normals.reduce(0, +) / Double(count)
        let variance = normals.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(count)
        XCTAssertEqual(mean, 0, accuracy: 0.01)       // standard error 0.0022
        XCTAssertEqual(variance, 1, accuracy: 0.015)  // standard error 0.0032
        let within1 = Double(normals.filter { abs($0) < 1 }.count) / Double(count)
        XCTAssertEqual(within1, 0.6827, accuracy: 0.005)
        let uniforms = (0..<count).map { _ in g.nextUniform() }
        XCTAssert(uniforms.allSatisfy { $0 >= 0 && $0 < 1 })
        XCTAssertEqual(Double(uniforms.reduce(0, +)) / Double(count), 0.5, accuracy: 0.005)
        var histogram = [Int](repeating: 0, count: 10)
        for u in uniforms { histogram[Int(u * 10)] += 1 }
        XCTAssert(histogram.allSatisfy { abs($0 - count / 10) < 600 }, "\(histogram)")
    }
}

final class PoolingAndParallelTests: XCTestCase {
    func testAveragePoolAndItsAdjoint() {
        var rng = RandomGenerator(seed: 12)
        for (h, w, k, s) in [(6, 7, 2, 2), (5, 5, 3, 1), (7, 5, 3, 2), (4, 4, 4, 4)] {
            let planes = 3, ho = Pooling.outSize(h, kernel: k, stride: s), wo = Pooling.outSize(w, kernel: k, stride: s)
            let x = rng.uniformArray(planes * h * w), dy = rng.uniformArray(planes * ho * wo)
            var y = [Float](repeating: .nan, count: dy.count)
            Pooling.averageForward(x, planes: planes, height: h, width: w, kernel: k, stride: s, into: &y)
            var expected = [Float](repeating: 0, count: dy.count)
            for p in 0..<planes { for oh in 0..<ho { for ow in 0..<wo {
                var sum: Float = 0
                for i in 0..<k { for j in 0..<k { sum += x[(p * h + oh * s + i) * w + ow * s + j] } }
                expected[(p * ho + oh) * wo + ow] = sum / Float(k * k)
            } } }
            assertClose(y, expected, tolerance: 1e-6, "avg \(h)×\(w) k\(k) s\(s)")
            var dx = [Float](repeating: .nan, count: x.count)
            Pooling.averageAdjoint(dy, planes: planes, height: h, width: w, kernel: k, stride: s, into: &dx)
            let left = zip(y, dy).reduce(0.0) { $0 + Double($1.0 * $1.1) }
            let right = zip(x, dx).reduce(0.0) { $0 + Double($1.0 * $1.1) }
            XCTAssertEqual(left, right, accuracy: 1e-4, "adjoint \(h)×\(w) k\(k) s\(s)")
        }
    }

    func testMaxIndicesPickTheFirstMaximum() {
        // One 3×4 plane, 2×2 windows with stride 2; the second window has a tie.
        let x: [Float] = [1, 5, 2, 9,
                          3, 0, 9, 1,
                          7, 7, 7, 7]
        XCTAssertEqual(Pooling.maxIndices(x, planes: 1, height: 3, width: 4, kernel: 2, stride: 2), [1, 3])
        XCTAssertEqual(Pooling.maxIndices(x, planes: 1, height: 3, width: 4, kernel: 2, stride: 1), [1, 6, 3, 8, 6, 6])
    }

    func testParallelVisitsEveryIndexOnce() {
        for count in [0, 1, 2, 3, 7, 100] {
            let hits = UnsafeMutablePointer<Int>.allocate(capacity: max(count, 1))
            hits.initialize(repeating: 0, count: max(count, 1))
            defer { hits.deallocate() }
            let p = SendablePointer(hits)
            Parallel.forEach(count) { i in p[i].pointee += 1 }
            XCTAssertEqual(Array(UnsafeBufferPointer(start: hits, count: count)), [Int](repeating: 1, count: count))
            var chunks: [Range<Int>] = []
            let lock = NSLock()
            Parallel.forEachChunk(count) { _, range in lock.lock(); chunks.append(range); lock.unlock() }
            XCTAssertEqual(chunks.sorted { $0.lowerBound < $1.lowerBound }.flatMap { Array($0) }, Array(0..<count))
        }
        XCTAssertEqual(Parallel.chunkCount(8, cost: 10), 1, "cheap loops stay on one thread")
    }
}

import Foundation
