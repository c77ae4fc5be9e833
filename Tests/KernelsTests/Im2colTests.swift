import Kernels
import XCTest

final class Im2colTests: XCTestCase {
    /// Geometries for strides 1–2, paddings 0–2 and kernels from 1×1 up to larger than the input
    /// (valid only thanks to padding), on odd and non-square planes.
    static var geometries: [ConvGeometry] {
        var result: [ConvGeometry] = []
        for stride in 1...2 {
            for padding in 0...2 {
                for (h, w) in [(5, 7), (2, 3), (1, 1), (6, 6)] {
                    for (kh, kw) in [(1, 1), (3, 3), (2, 3), (4, 4), (5, 3)] {
                        let g = ConvGeometry(batch: 1, inChannels: 2, inHeight: h, inWidth: w, outChannels: 1,
                                             kernelHeight: kh, kernelWidth: kw, stride: stride, padding: padding)
                        if h + 2 * padding >= kh && w + 2 * padding >= kw { result.append(g) }
                    }
                }
            }
        }
        return result
    }

    func testGeometryListCoversKernelsLargerThanTheInput() {
        XCTAssert(Self.geometries.contains { $0.kernelHeight > $0.inHeight && $0.kernelWidth > $0.inWidth })
        XCTAssert(Self.geometries.contains { $0.kernelHeight == $0.inHeight + 2 * $0.padding })
        XCTAssert(Self.geometries.contains { ($0.inHeight + 2 * $0.padding - $0.kernelHeight) % $0.stride != 0 })
    }

    func testIm2colMatchesDefinition() {
        var rng = RandomGenerator(seed: 2)
        for g in Self.geometries {
            let x = rng.uniformArray(g.inChannels * g.inPixels)
            var cols = [Float](repeating: .nan, count: g.patchSize * g.outPixels)
            Im2col.im2col(x, g, into: &cols)
            var expected = [Float](repeating: 0, count: cols.count)
            for c in 0..<g.inChannels { for i in 0..<g.kernelHeight { for j in 0..<g.kernelWidth {
                for oh in 0..<g.outHeight { for ow in 0..<g.outWidth {
                    let ih = oh * g.stride - g.padding + i, iw = ow * g.stride - g.padding + j
                    let row = (c * g.kernelHeight + i) * g.kernelWidth + j
                    if ih >= 0, ih < g.inHeight, iw >= 0, iw < g.inWidth {
                        expected[row * g.outPixels + oh * g.outWidth + ow] = x[(c * g.inHeight + ih) * g.inWidth + iw]
                    }
                } }
            } } }
            XCTAssertEqual(cols, expected, "\(g)")
        }
    }

    /// ⟨im2col(x), c⟩ = ⟨x, col2im(c)⟩ for every geometry.
    func testCol2imIsTheAdjointOfIm2col() {
        var rng = RandomGenerator(seed: 3)
        for g in Self.geometries {
            let x = rng.uniformArray(g.inChannels * g.inPixels)
            let c = rng.uniformArray(g.patchSize * g.outPixels)
            var cols = [Float](repeating: 0, count: c.count)
            Im2col.im2col(x, g, into: &cols)
            let base = rng.uniformArray(x.count)  // col2im accumulates onto what is there
            var back = base
            Im2col.col2im(c, g, addingInto: &back)
            let left = zip(cols, c).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
            let right = zip(x, zip(back, base)).reduce(0.0) { $0 + Double($1.0) * Double($1.1.0 - $1.1.1) }
            XCTAssertEqual(left, right, accuracy: 1e-4 * max(1, abs(left)), "\(g)")
        }
    }
}
