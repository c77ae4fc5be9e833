import Autodiff
import Foundation

/// Pixel-wise reconstruction errors, as scikit-image's `skimage.metrics.mean_squared_error` and
/// `peak_signal_noise_ratio` compute them (accumulated in Float64 over all channels).
public enum PixelMetrics {
    /// Mean squared error `mean((a − b)²)` over every pixel of every channel.
    public static func meanSquaredError(_ a: ImagePlanes, _ b: ImagePlanes) throws(LeakageError) -> Double {
        try a.requireSameShape(as: b, function: "meanSquaredError")
        return a.pixels.withUnsafeBufferPointer { pa in
            b.pixels.withUnsafeBufferPointer { pb in
                var sum = 0.0
                for i in 0..<pa.count {
                    let d = Double(pa[i]) - Double(pb[i])
                    sum += d * d
                }
                return sum / Double(pa.count)
            }
        }
    }

    /// Peak signal-to-noise ratio `10 · log10(dataRange² / MSE)` in dB, with the data range given
    /// explicitly (scikit-image's `data_range`). Identical images give `+∞`, as in scikit-image.
    public static func peakSignalToNoiseRatio(_ a: ImagePlanes, _ b: ImagePlanes, dataRange: Double) throws(LeakageError) -> Double {
        guard dataRange.isFinite, dataRange > 0 else {
            throw LeakageError("peakSignalToNoiseRatio", "dataRange must be finite and > 0, got \(dataRange)")
        }
        let mse = try meanSquaredError(a, b)
        if mse == 0 { return .infinity }
        return 10 * log10(dataRange * dataRange / mse)
    }

    /// `meanSquaredError` on tensors of shape `[H, W]`, `[C, H, W]` or `[1, C, H, W]`.
    public static func meanSquaredError(_ a: Tensor, _ b: Tensor) throws(LeakageError) -> Double {
        try meanSquaredError(ImagePlanes(a, context: "meanSquaredError"), ImagePlanes(b, context: "meanSquaredError"))
    }

    /// `peakSignalToNoiseRatio` on tensors of shape `[H, W]`, `[C, H, W]` or `[1, C, H, W]`.
    public static func peakSignalToNoiseRatio(_ a: Tensor, _ b: Tensor, dataRange: Double) throws(LeakageError) -> Double {
        try peakSignalToNoiseRatio(ImagePlanes(a, context: "peakSignalToNoiseRatio"),
                                   ImagePlanes(b, context: "peakSignalToNoiseRatio"), dataRange: dataRange)
    }

    /// `meanSquaredError` on raw pixels sharing one `shape`.
    public static func meanSquaredError(_ a: [Float], _ b: [Float], shape: [Int]) throws(LeakageError) -> Double {
        try meanSquaredError(ImagePlanes(pixels: a, shape: shape, context: "meanSquaredError"),
                             ImagePlanes(pixels: b, shape: shape, context: "meanSquaredError"))
    }

    /// `peakSignalToNoiseRatio` on raw pixels sharing one `shape`.
    public static func peakSignalToNoiseRatio(_ a: [Float], _ b: [Float], shape: [Int], dataRange: Double) throws(LeakageError) -> Double {
        try peakSignalToNoiseRatio(ImagePlanes(pixels: a, shape: shape, context: "peakSignalToNoiseRatio"),
                                   ImagePlanes(pixels: b, shape: shape, context: "peakSignalToNoiseRatio"), dataRange: dataRange)
    }
}
