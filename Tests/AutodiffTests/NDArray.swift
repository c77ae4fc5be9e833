/// A naive n-dimensional Double array: the test oracle. Every operation is written as the plainest
/// loop over output (or input) multi-indices, independent of the kernels under test.
struct NDArray: Equatable {
    var shape: [Int]
    var values: [Double]

    init(shape: [Int], values: [Double]) {
        precondition(shape.reduce(1, *) == values.count, "NDArray: \(shape) vs \(values.count) values")
        self.shape = shape; self.values = values
    }

    init(zeros shape: [Int]) { self.init(shape: shape, values: [Double](repeating: 0, count: shape.reduce(1, *))) }

    var count: Int { values.count }

    /// Multi-index of flat position `flat`.
    func index(_ flat: Int) -> [Int] {
        var index = [Int](repeating: 0, count: shape.count), rest = flat
        for axis in shape.indices.reversed() { index[axis] = rest % shape[axis]; rest /= shape[axis] }
        return index
    }

    /// Flat position of `index`.
    func flat(_ index: [Int]) -> Int {
        var flat = 0
        for axis in shape.indices { flat = flat * shape[axis] + index[axis] }
        return flat
    }

    subscript(_ index: [Int]) -> Double {
        get { values[flat(index)] }
        set { values[flat(index)] = newValue }
    }

    /// Reads `self` at an index of a larger, broadcast shape (right-aligned, extent-1 axes repeat).
    func broadcastRead(_ index: [Int]) -> Double {
        let offset = index.count - shape.count
        return self[shape.indices.map { shape[$0] == 1 ? 0 : index[$0 + offset] }]
    }

    func map(_ f: (Double) -> Double) -> NDArray { NDArray(shape: shape, values: values.map(f)) }
}

/// The naive oracle for every primitive op and composite.
enum Naive {
    static func broadcastShape(_ a: [Int], _ b: [Int]) -> [Int] {
        let rank = max(a.count, b.count)
        let pa = [Int](repeating: 1, count: rank - a.count) + a, pb = [Int](repeating: 1, count: rank - b.count) + b
        return (0..<rank).map { pa[$0] == 1 ? pb[$0] : pa[$0] }
    }

    static func binary(_ a: NDArray, _ b: NDArray, _ f: (Double, Double) -> Double) -> NDArray {
        var out = NDArray(zeros: broadcastShape(a.shape, b.shape))
        for i in 0..<out.count { let index = out.index(i); out.values[i] = f(a.broadcastRead(index), b.broadcastRead(index)) }
        return out
    }

    static func permute(_ a: NDArray, _ order: [Int]) -> NDArray {
        var out = NDArray(zeros: order.map { a.shape[$0] })
        for i in 0..<out.count {
            let o = out.index(i)
            var source = [Int](repeating: 0, count: order.count)
            for (axis, from) in order.enumerated() { source[from] = o[axis] }
            out.values[i] = a[source]
        }
        return out
    }

    static func expand(_ a: NDArray, _ shape: [Int]) -> NDArray {
        var out = NDArray(zeros: shape)
        for i in 0..<out.count { out.values[i] = a.broadcastRead(out.index(i)) }
        return out
    }

    static func slice(_ a: NDArray, _ lower: [Int], _ upper: [Int]) -> NDArray {
        var out = NDArray(zeros: a.shape.indices.map { upper[$0] - lower[$0] })
        for i in 0..<out.count { out.values[i] = a[zip(out.index(i), lower).map { $0 + $1 }] }
        return out
    }

    static func pad(_ a: NDArray, _ before: [Int], _ after: [Int]) -> NDArray {
        var out = NDArray(zeros: a.shape.indices.map { a.shape[$0] + before[$0] + after[$0] })
        for i in 0..<a.count { out[zip(a.index(i), before).map { $0 + $1 }] = a.values[i] }
        return out
    }

    /// Sum over `axes`, keeping them with extent 1.
    static func sum(_ a: NDArray, axes: [Int]) -> NDArray {
        var out = NDArray(zeros: a.shape.indices.map { axes.contains($0) ? 1 : a.shape[$0] })
        for i in 0..<a.count {
            var index = a.index(i)
            for axis in axes { index[axis] = 0 }
            out[index] += a.values[i]
        }
        return out
    }

    static func matmul(_ a: NDArray, _ b: NDArray, _ ta: Bool, _ tb: Bool) -> NDArray {
        let m = ta ? a.shape[1] : a.shape[0], k = ta ? a.shape[0] : a.shape[1], n = tb ? b.shape[0] : b.shape[1]
        var out = NDArray(zeros: [m, n])
        for i in 0..<m { for j in 0..<n { for p in 0..<k {
            out[[i, j]] += (ta ? a[[p, i]] : a[[i, p]]) * (tb ? b[[j, p]] : b[[p, j]])
        } } }
        return out
    }

    /// Calls `body(n, o, c, oh, ow, ih, iw, i, j)` for every (output pixel, kernel tap) pair that reads
    /// an input pixel inside the image.
    static func convTaps(input: [Int], weight: [Int], stride s: Int, padding p: Int,
                         _ body: (_ n: Int, _ o: Int, _ c: Int, _ oh: Int, _ ow: Int, _ ih: Int, _ iw: Int, _ i: Int, _ j: Int) -> Void) {
        let ho = (input[2] + 2 * p - weight[2]) / s + 1, wo = (input[3] + 2 * p - weight[3]) / s + 1
        for n in 0..<input[0] { for o in 0..<weight[0] { for oh in 0..<ho { for ow in 0..<wo {
            for c in 0..<input[1] { for i in 0..<weight[2] { for j in 0..<weight[3] {
                let ih = oh * s - p + i, iw = ow * s - p + j
                if ih >= 0, ih < input[2], iw >= 0, iw < input[3] { body(n, o, c, oh, ow, ih, iw, i, j) }
            } } }
        } } } }
    }

    static func convOutputShape(input: [Int], weight: [Int], stride s: Int, padding p: Int) -> [Int] {
        [input[0], weight[0], (input[2] + 2 * p - weight[2]) / s + 1, (input[3] + 2 * p - weight[3]) / s + 1]
    }

    static func conv2d(_ x: NDArray, _ w: NDArray, stride: Int, padding: Int) -> NDArray {
        var y = NDArray(zeros: convOutputShape(input: x.shape, weight: w.shape, stride: stride, padding: padding))
        convTaps(input: x.shape, weight: w.shape, stride: stride, padding: padding) { n, o, c, oh, ow, ih, iw, i, j in
            y[[n, o, oh, ow]] += x[[n, c, ih, iw]] * w[[o, c, i, j]]
        }
        return y
    }

    static func conv2dInputGradient(_ dy: NDArray, _ w: NDArray, inputShape: [Int], stride: Int, padding: Int) -> NDArray {
        var dx = NDArray(zeros: inputShape)
        convTaps(input: inputShape, weight: w.shape, stride: stride, padding: padding) { n, o, c, oh, ow, ih, iw, i, j in
            dx[[n, c, ih, iw]] += dy[[n, o, oh, ow]] * w[[o, c, i, j]]
        }
        return dx
    }

    static func conv2dWeightGradient(_ x: NDArray, _ dy: NDArray, weightShape: [Int], stride: Int, padding: Int) -> NDArray {
        var dw = NDArray(zeros: weightShape)
        convTaps(input: x.shape, weight: weightShape, stride: stride, padding: padding) { n, o, c, oh, ow, ih, iw, i, j in
            dw[[o, c, i, j]] += dy[[n, o, oh, ow]] * x[[n, c, ih, iw]]
        }
        return dw
    }

    /// Calls `body(outIndex, inIndex)` for every element of every pooling window.
    /// With `padding` p, windows start p before the border and positions outside the input are skipped.
    static func poolWindows(_ shape: [Int], kernel k: Int, stride s: Int, padding p: Int = 0, _ body: ([Int], [Int]) -> Void) {
        let out = pooledShape(shape, kernel: k, stride: s, padding: p)
        for n in 0..<shape[0] { for c in 0..<shape[1] { for oh in 0..<out[2] { for ow in 0..<out[3] {
            for i in 0..<k { for j in 0..<k {
                let (ih, iw) = (oh * s + i - p, ow * s + j - p)
                if ih >= 0, ih < shape[2], iw >= 0, iw < shape[3] { body([n, c, oh, ow], [n, c, ih, iw]) }
            } }
        } } } }
    }

    static func pooledShape(_ shape: [Int], kernel k: Int, stride s: Int, padding p: Int = 0) -> [Int] {
        [shape[0], shape[1], (shape[2] + 2 * p - k) / s + 1, (shape[3] + 2 * p - k) / s + 1]
    }

    static func avgPool2d(_ x: NDArray, kernel k: Int, stride s: Int) -> NDArray {
        var y = NDArray(zeros: pooledShape(x.shape, kernel: k, stride: s))
        poolWindows(x.shape, kernel: k, stride: s) { o, i in y[o] += x[i] / Double(k * k) }
        return y
    }

    static func avgPool2dAdjoint(_ g: NDArray, inputShape: [Int], kernel k: Int, stride s: Int) -> NDArray {
        var dx = NDArray(zeros: inputShape)
        poolWindows(inputShape, kernel: k, stride: s) { o, i in dx[i] += g[o] / Double(k * k) }
        return dx
    }

    /// Max pooling padded with −∞ (PyTorch): padded positions never win.
    static func maxPool2d(_ x: NDArray, kernel k: Int, stride s: Int, padding p: Int = 0) -> NDArray {
        let shape = pooledShape(x.shape, kernel: k, stride: s, padding: p)
        var y = NDArray(shape: shape, values: [Double](repeating: -.infinity, count: shape.reduce(1, *)))
        poolWindows(x.shape, kernel: k, stride: s, padding: p) { o, i in y[o] = max(y[o], x[i]) }
        return y
    }

    static func gather(_ x: NDArray, _ indices: [Int32], shape: [Int]) -> NDArray {
        NDArray(shape: shape, values: indices.map { x.values[Int($0)] })
    }

    static func scatterAdd(_ x: NDArray, _ indices: [Int32], shape: [Int]) -> NDArray {
        var out = NDArray(zeros: shape)
        for (i, target) in indices.enumerated() { out.values[Int(target)] += x.values[i] }
        return out
    }

    /// `x · scale[c] + shift[c]` with c the index along axis 1.
    static func channelAffine(_ x: NDArray, _ scale: NDArray, _ shift: NDArray) -> NDArray {
        var out = x
        for i in 0..<x.count { let c = x.index(i)[1]; out.values[i] = x.values[i] * scale.values[c] + shift.values[c] }
        return out
    }

    /// `Σ a·b` over every axis but axis 1: shape [C].
    /// Σ (a − b)² over all elements, by its definition: a scalar.
    static func squaredDistance(_ a: NDArray, _ b: NDArray) -> NDArray {
        NDArray(shape: [], values: [zip(a.values, b.values).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }])
    }

    static func channelDot(_ a: NDArray, _ b: NDArray) -> NDArray {
        var out = NDArray(zeros: [a.shape[1]])
        for i in 0..<a.count { out.values[a.index(i)[1]] += a.values[i] * b.values[i] }
        return out
    }

    /// Biased variance of each channel (axis 1), by its definition: mean, then mean squared deviation.
    static func channelVariance(_ x: NDArray) -> NDArray {
        let channels = x.shape[1], perChannel = Double(x.count / channels)
        var mean = [Double](repeating: 0, count: channels)
        for i in 0..<x.count { mean[x.index(i)[1]] += x.values[i] / perChannel }
        var out = NDArray(zeros: [channels])
        for i in 0..<x.count { let c = x.index(i)[1]; out.values[c] += (x.values[i] - mean[c]) * (x.values[i] - mean[c]) / perChannel }
        return out
    }

    /// log Σ exp along `axis` (kept), computed directly in Double.
    static func logSumExp(_ x: NDArray, axis: Int) -> NDArray {
        var out = sum(x.map(exp), axes: [axis])
        out.values = out.values.map { log($0) }
        return out
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
