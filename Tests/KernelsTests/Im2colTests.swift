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

    /// Blocks of channels × output rows are the matching rows and columns of the whole matrix.
    func testIm2colBlocksAreSubmatrices() {
        var rng = RandomGenerator(seed: 5)
        for g in Self.geometries {
            let x = rng.uniformArray(g.inChannels * g.inPixels)
            var whole = [Float](repeating: .nan, count: g.patchSize * g.outPixels)
            Im2col.im2col(x, g, into: &whole)
            let taps = g.kernelHeight * g.kernelWidth
            for channels in [0..<1, 1..<2, 0..<2] {
                for rows in [0..<g.outHeight, 0..<((g.outHeight + 1) / 2), (g.outHeight / 2)..<g.outHeight] where !rows.isEmpty {
                    var block = [Float](repeating: .nan, count: channels.count * taps * rows.count * g.outWidth)
                    Im2col.im2col(x, g, channels: channels, rows: rows, into: &block)
                    var expected: [Float] = []
                    for r in (channels.lowerBound * taps)..<(channels.upperBound * taps) {
                        let start = r * g.outPixels + rows.lowerBound * g.outWidth
                        expected += whole[start..<(start + rows.count * g.outWidth)]
                    }
                    XCTAssertEqual(block, expected, "\(g) channels \(channels) rows \(rows)")
                }
            }
        }
    }

    /// The overwriting col2im (per channel block) equals zeroing and then accumulating.
    func testOverwritingCol2imMatchesAccumulatingOne() {
        var rng = RandomGenerator(seed: 6)
        for g in Self.geometries {
            let c = rng.uniformArray(g.patchSize * g.outPixels)
            var accumulated = [Float](repeating: 0, count: g.inChannels * g.inPixels)
            Im2col.col2im(c, g, addingInto: &accumulated)
            var written = [Float](repeating: .nan, count: accumulated.count)
            for channel in 0..<g.inChannels { Im2col.col2im(c, g, channels: channel..<(channel + 1), writingInto: &written) }
            for i in written.indices {
                XCTAssertEqual(written[i], accumulated[i], "\(g) element \(i) (must match bit for bit)")
            }
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
