import Autodiff
import Foundation

/// Separable Gaussian blur of the last two axes, with mirrored (reflect-101) borders so that a
/// constant image stays constant and the border does not darken.
public enum GaussianBlur {
    /// Blurs every [H, W] plane of `images` (rank ≥ 2) with standard deviation `sigma` pixels; the
    /// kernel is truncated at ⌈3σ⌉ and renormalised. `sigma == 0` returns the input.
    public static func apply(_ images: Tensor, sigma: Float) throws -> Tensor {
        guard sigma.isFinite, sigma >= 0 else {
            throw DatasetError(.invalidArgument, file: nil, "GaussianBlur: sigma must be finite and ≥ 0, got \(sigma)")
        }
        guard images.rank >= 2 else {
            throw DatasetError(.invalidArgument, file: nil, "GaussianBlur: need at least 2 axes, got shape \(images.shape)")
        }
        if sigma == 0 || images.count == 0 { return images }
        let height = images.shape[images.rank - 2], width = images.shape[images.rank - 1]
        let radius = Int((3 * sigma).rounded(.up))
        var kernel = (-radius...radius).map { exp(-Float($0 * $0) / (2 * sigma * sigma)) }
        let total = kernel.reduce(0, +)
        kernel = kernel.map { $0 / total }
        let planes = images.count / (height * width)
        return images.withUnsafeBufferPointer { source in
            Tensor(shape: images.shape) { target in
                var temp = [Float](repeating: 0, count: height * width)
                for plane in 0..<planes {
                    let src = source.baseAddress! + plane * height * width, dst = target.baseAddress! + plane * height * width
                    for y in 0..<height {
                        for x in 0..<width {
                            var sum: Float = 0
                            for k in -radius...radius { sum += kernel[k + radius] * src[y * width + mirror(x + k, width)] }
                            temp[y * width + x] = sum
                        }
                    }
                    for y in 0..<height {
                        for x in 0..<width {
                            var sum: Float = 0
                            for k in -radius...radius { sum += kernel[k + radius] * temp[mirror(y + k, height) * width + x] }
                            dst[y * width + x] = sum
                        }
                    }
                }
            }
        }
    }

    /// Reflect-101 index: -1 → 1, n → n - 2 (repeated for kernels wider than the image).
    @inline(__always) static func mirror(_ i: Int, _ n: Int) -> Int {
        guard n > 1 else { return 0 }
        let period = 2 * (n - 1)
        var j = i % period
        if j < 0 { j += period }
        return j < n ? j : period - j
    }
}
