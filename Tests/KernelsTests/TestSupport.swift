import Kernels
import XCTest

/// Deterministic test data and comparisons shared by the kernel tests.
extension RandomGenerator {
    /// `count` uniform values in `[lower, upper)`.
    mutating func uniformArray(_ count: Int, _ lower: Float = -1, _ upper: Float = 1) -> [Float] {
        (0..<count).map { _ in lower + (upper - lower) * nextUniform() }
    }
}

/// Fails unless `actual` and `expected` have the same length and agree elementwise within
/// `tolerance · max(1, |expected|)`.
func assertClose(_ actual: [Float], _ expected: [Float], tolerance: Float = 1e-5, _ message: @autoclosure () -> String = "",
                 file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(actual.count, expected.count, "length: \(message())", file: file, line: line)
    guard actual.count == expected.count else { return }
    var worst: (index: Int, error: Float) = (0, 0)
    for i in actual.indices {
        let error = abs(actual[i] - expected[i]) / max(1, abs(expected[i]))
        if !(error <= worst.error) { worst = (i, error) }  // NaN counts as worst
    }
    XCTAssert(worst.error <= tolerance,
              "\(message()): element \(worst.index) is \(actual[worst.index]), expected \(expected[worst.index]) (error \(worst.error))",
              file: file, line: line)
}

/// Multi-index of flat position `flat` in row-major `shape`.
func multiIndex(_ flat: Int, _ shape: [Int]) -> [Int] {
    var index = [Int](repeating: 0, count: shape.count), rest = flat
    for axis in shape.indices.reversed() { index[axis] = rest % shape[axis]; rest /= shape[axis] }
    return index
}

/// Flat row-major position of `index` in `shape`.
func flatIndex(_ index: [Int], _ shape: [Int]) -> Int {
    var flat = 0
    for axis in shape.indices { flat = flat * shape[axis] + index[axis] }
    return flat
}

/// Naive convolution loops (NCHW input, OIHW weight), written independently of im2col.
enum NaiveConvolution {
    static func forward(_ x: [Float], _ w: [Float], _ g: ConvGeometry) -> [Float] {
        var y = [Float](repeating: 0, count: Shapes.count(g.outputShape))
        for n in 0..<g.batch { for o in 0..<g.outChannels { for oh in 0..<g.outHeight { for ow in 0..<g.outWidth {
            var sum: Double = 0
            for c in 0..<g.inChannels { for i in 0..<g.kernelHeight { for j in 0..<g.kernelWidth {
                let ih = oh * g.stride - g.padding + i, iw = ow * g.stride - g.padding + j
                guard ih >= 0, ih < g.inHeight, iw >= 0, iw < g.inWidth else { continue }
                sum += Double(x[flatIndex([n, c, ih, iw], g.inputShape)]) * Double(w[flatIndex([o, c, i, j], g.weightShape)])
            } } }
            y[flatIndex([n, o, oh, ow], g.outputShape)] = Float(sum)
        } } } }
        return y
    }

    static func inputGradient(_ dy: [Float], _ w: [Float], _ g: ConvGeometry) -> [Float] {
        var dx = [Double](repeating: 0, count: Shapes.count(g.inputShape))
        for n in 0..<g.batch { for o in 0..<g.outChannels { for oh in 0..<g.outHeight { for ow in 0..<g.outWidth {
            let d = Double(dy[flatIndex([n, o, oh, ow], g.outputShape)])
            for c in 0..<g.inChannels { for i in 0..<g.kernelHeight { for j in 0..<g.kernelWidth {
                let ih = oh * g.stride - g.padding + i, iw = ow * g.stride - g.padding + j
                guard ih >= 0, ih < g.inHeight, iw >= 0, iw < g.inWidth else { continue }
                dx[flatIndex([n, c, ih, iw], g.inputShape)] += d * Double(w[flatIndex([o, c, i, j], g.weightShape)])
            } } }
        } } } }
        return dx.map(Float.init)
    }

    static func weightGradient(_ x: [Float], _ dy: [Float], _ g: ConvGeometry) -> [Float] {
        var dw = [Double](repeating: 0, count: Shapes.count(g.weightShape))
        for n in 0..<g.batch { for o in 0..<g.outChannels { for oh in 0..<g.outHeight { for ow in 0..<g.outWidth {
            let d = Double(dy[flatIndex([n, o, oh, ow], g.outputShape)])
            for c in 0..<g.inChannels { for i in 0..<g.kernelHeight { for j in 0..<g.kernelWidth {
                let ih = oh * g.stride - g.padding + i, iw = ow * g.stride - g.padding + j
                guard ih >= 0, ih < g.inHeight, iw >= 0, iw < g.inWidth else { continue }
                dw[flatIndex([o, c, i, j], g.weightShape)] += d * Double(x[flatIndex([n, c, ih, iw], g.inputShape)])
            } } }
        } } } }
        return dw.map(Float.init)
    }
}
