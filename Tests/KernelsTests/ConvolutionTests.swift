@testable import Kernels
import XCTest

final class ConvolutionTests: XCTestCase {
    /// Big enough that batches > 1 are split over threads (Parallel's cost threshold).
    private func geometries(batch: Int) -> [ConvGeometry] {
        [
            ConvGeometry(batch: batch, inChannels: 4, inHeight: 16, inWidth: 15, outChannels: 8,
                         kernelHeight: 3, kernelWidth: 3, stride: 1, padding: 1),
            ConvGeometry(batch: batch, inChannels: 8, inHeight: 18, inWidth: 17, outChannels: 8,
                         kernelHeight: 3, kernelWidth: 3, stride: 2, padding: 1),
            ConvGeometry(batch: batch, inChannels: 5, inHeight: 12, inWidth: 12, outChannels: 7,
                         kernelHeight: 1, kernelWidth: 1, stride: 1, padding: 0),  // pointwise: no im2col
            ConvGeometry(batch: batch, inChannels: 6, inHeight: 13, inWidth: 15, outChannels: 8,
                         kernelHeight: 5, kernelWidth: 4, stride: 2, padding: 2),
            // Direct kernels: 4 vectors per row (3 + 1), 5 output channels (4 + 1).
            ConvGeometry(batch: batch, inChannels: 4, inHeight: 8, inWidth: 32, outChannels: 5,
                         kernelHeight: 3, kernelWidth: 3, stride: 1, padding: 1),
        ] + largeGeometries(batch: batch)
    }

    /// Big enough that a single image is split over threads (bands of rows, GEMM columns, channel blocks).
    private func largeGeometries(batch: Int) -> [ConvGeometry] {
        [
            ConvGeometry(batch: batch, inChannels: 6, inHeight: 20, inWidth: 19, outChannels: 10,
                         kernelHeight: 3, kernelWidth: 3, stride: 1, padding: 1),
            ConvGeometry(batch: batch, inChannels: 8, inHeight: 30, inWidth: 29, outChannels: 12,
                         kernelHeight: 3, kernelWidth: 3, stride: 2, padding: 1),
            ConvGeometry(batch: batch, inChannels: 16, inHeight: 24, inWidth: 23, outChannels: 16,
                         kernelHeight: 1, kernelWidth: 1, stride: 1, padding: 0),
            ConvGeometry(batch: batch, inChannels: 1, inHeight: 40, inWidth: 40, outChannels: 16,
                         kernelHeight: 3, kernelWidth: 3, stride: 1, padding: 1),  // fewer channels than threads
            ConvGeometry(batch: batch, inChannels: 3, inHeight: 40, inWidth: 38, outChannels: 5,
                         kernelHeight: 5, kernelWidth: 4, stride: 2, padding: 2),
            // Direct kernels: 6 vectors per row, channel blocks of four only.
            ConvGeometry(batch: batch, inChannels: 16, inHeight: 19, inWidth: 48, outChannels: 16,
                         kernelHeight: 3, kernelWidth: 3, stride: 1, padding: 1),
        ]
    }

    /// The paths the tests below check: the direct 3×3 kernels where this CPU runs them, and
    /// im2col + GEMM on the same geometries.
    private var directSettings: [Bool] { VectorUnit.runsVectorKernels ? [true, false] : [false] }

    /// Runs `body` with the direct kernels switched on or off.
    private func withDirectKernels(_ on: Bool, _ body: () throws -> Void) rethrows {
        let saved = Convolution.prefersDirectKernels
        Convolution.prefersDirectKernels = on
        defer { Convolution.prefersDirectKernels = saved }
        try body()
    }

    /// Stride-1 3×3 layers on planes ≥ 32 columns wide (a multiple of 8) take the direct kernels,
    /// whatever their channel counts; other layers keep im2col + GEMM.
    func testDirectKernelsTakeTheWideThreeByThreeLayers() throws {
        try XCTSkipUnless(VectorUnit.runsVectorKernels, "this CPU lacks AVX2 + FMA: im2col + GEMM only")
        withDirectKernels(true) {
            let chosen = (geometries(batch: 2)).filter(Convolution.usesDirectKernels)
            XCTAssertEqual(chosen.map(\.inWidth), [32, 40, 48])
            XCTAssert(chosen.contains { $0.inChannels == 1 } && chosen.contains { $0.outChannels % 4 != 0 })
        }
        withDirectKernels(false) { XCTAssert(geometries(batch: 2).allSatisfy { !Convolution.usesDirectKernels($0) }) }
    }

    /// Both paths give the same numbers to rounding (they sum in different orders).
    func testDirectKernelsAgreeWithGEMM() throws {
        try XCTSkipUnless(VectorUnit.runsVectorKernels, "this CPU lacks AVX2 + FMA: im2col + GEMM only")
        var rng = RandomGenerator(seed: 9)
        let g = ConvGeometry(batch: 3, inChannels: 16, inHeight: 32, inWidth: 32, outChannels: 16,
                             kernelHeight: 3, kernelWidth: 3, stride: 1, padding: 1)
        let x = rng.uniformArray(Shapes.count(g.inputShape)), w = rng.uniformArray(Shapes.count(g.weightShape))
        let dy = rng.uniformArray(Shapes.count(g.outputShape))
        var results: [[[Float]]] = []
        for on in [true, false] {
            var (y, dx, dw) = ([Float](repeating: .nan, count: dy.count), [Float](repeating: .nan, count: x.count),
                               [Float](repeating: .nan, count: w.count))
            withDirectKernels(on) {
                Convolution.forward(x, w, g, into: &y)
                Convolution.inputGradient(dy, w, g, into: &dx)
                Convolution.weightGradient(x, dy, g, into: &dw)
            }
            results.append([y, dx, dw])
        }
        for (name, index) in [("forward", 0), ("inputGradient", 1), ("weightGradient", 2)] {
            assertClose(results[0][index], results[1][index], tolerance: 1e-4, name)
        }
    }

    /// Both layouts (per image, and images side by side for small planes) meet strides 1 and 2,
    /// square and non-square kernels and pointwise convolutions in the tests below.
    func testGeometriesCoverBothLayouts() {
        let all = geometries(batch: 2)
        for sideBySide in [false, true] {
            let some = all.filter { Convolution.usesImagesSideBySide($0) == sideBySide }
            XCTAssert(some.contains { $0.stride == 1 } && some.contains { $0.stride == 2 }, "side by side \(sideBySide)")
            XCTAssert(some.contains { $0.kernelHeight != $0.kernelWidth }, "side by side \(sideBySide)")
            XCTAssert(some.contains { $0.isPointwise }, "side by side \(sideBySide)")
        }
    }

    func testSingleImagesAreSplitOverThreads() throws {
        try XCTSkipIf(Parallel.threadCount < 2, "one thread: nothing to split")
        for g in largeGeometries(batch: 1) {
            XCTAssertGreaterThan(Convolution.bandsPerImage(g), 1, "\(g)")
        }
    }

    func testBatchesAboveOneAreSplitOverThreads() throws {
        try XCTSkipIf(Parallel.threadCount < 2, "one thread: nothing to split")
        for g in geometries(batch: 3) where !g.isPointwise {
            XCTAssertGreaterThan(Parallel.chunkCount(g.batch, cost: g.forwardFLOPs), 1, "\(g)")
        }
    }

    func testForwardAndGradientsMatchNaiveLoops() {
        for direct in directSettings { withDirectKernels(direct) { checkAgainstNaiveLoops(direct: direct) } }
    }

    private func checkAgainstNaiveLoops(direct: Bool) {
        var rng = RandomGenerator(seed: 4)
        for batch in [1, 2, 3, 5] {
            for g in geometries(batch: batch) {
                let x = rng.uniformArray(Shapes.count(g.inputShape))
                let w = rng.uniformArray(Shapes.count(g.weightShape))
                let dy = rng.uniformArray(Shapes.count(g.outputShape))

                var y = [Float](repeating: .nan, count: dy.count)
                Convolution.forward(x, w, g, into: &y)
                assertClose(y, NaiveConvolution.forward(x, w, g), tolerance: 1e-5, "forward \(g) direct \(direct)")

                var dx = [Float](repeating: .nan, count: x.count)
                Convolution.inputGradient(dy, w, g, into: &dx)
                assertClose(dx, NaiveConvolution.inputGradient(dy, w, g), tolerance: 1e-5, "inputGradient \(g) direct \(direct)")

                var dw = [Float](repeating: .nan, count: w.count)
                Convolution.weightGradient(x, dy, g, into: &dw)
                assertClose(dw, NaiveConvolution.weightGradient(x, dy, g), tolerance: 1e-4, "weightGradient \(g) direct \(direct)")
            }
        }
    }

    func testGeometryValidationNamesTheShapes() {
        XCTAssertThrowsError(try ConvGeometry(input: [1, 3, 8, 8], weight: [4, 2, 3, 3], stride: 1, padding: 0)) { error in
            let text = String(describing: error)
            XCTAssert(text.hasPrefix("conv2d:") && text.contains("[1, 3, 8, 8]") && text.contains("[4, 2, 3, 3]"), text)
        }
        XCTAssertThrowsError(try ConvGeometry(input: [1, 3, 2, 2], weight: [4, 3, 5, 5], stride: 1, padding: 1))
        XCTAssertThrowsError(try ConvGeometry(input: [3, 8, 8], weight: [4, 3, 3, 3], stride: 1, padding: 0))
        XCTAssertThrowsError(try ConvGeometry(input: [1, 3, 8, 8], weight: [4, 3, 3, 3], stride: 0, padding: 0))
        XCTAssertNoThrow(try ConvGeometry(input: [1, 3, 2, 2], weight: [4, 3, 4, 4], stride: 1, padding: 1))
    }
}
