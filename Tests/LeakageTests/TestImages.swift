import Kernels
@testable import Leakage

/// Seeded test images and a naive SSIM written straight from the definition (independent of the
/// module's separable box sums).
enum TestImages {
    static func random(_ shape: [Int], seed: UInt64, scale: Float = 1) -> ImagePlanes {
        var generator = RandomGenerator(seed: seed)
        let count = shape.reduce(1, *)
        return try! ImagePlanes(pixels: (0..<count).map { _ in generator.nextUniform() * scale }, shape: shape)
    }

    static func noisy(_ image: ImagePlanes, sigma: Float, seed: UInt64) -> ImagePlanes {
        var generator = RandomGenerator(seed: seed)
        return try! ImagePlanes(pixels: image.pixels.map { $0 + sigma * generator.nextNormal() }, shape: image.shape)
    }

    /// Mean over every window position fully inside the image of the SSIM formula, per channel, then
    /// averaged over channels; window statistics summed pixel by pixel.
    static func naiveSSIM(_ a: ImagePlanes, _ b: ImagePlanes, dataRange: Double,
                          configuration: SSIMConfiguration = .scikitImageDefault) -> Double {
        let w = configuration.windowSize, np = Double(w * w)
        let norm = configuration.useSampleCovariance ? np / (np - 1) : 1
        let c1 = pow2(configuration.k1 * dataRange), c2 = pow2(configuration.k2 * dataRange)
        var channelSum = 0.0
        for c in 0..<a.channels {
            var total = 0.0, count = 0
            for top in 0...(a.height - w) {
                for left in 0...(a.width - w) {
                    var sx = 0.0, sy = 0.0, sxx = 0.0, syy = 0.0, sxy = 0.0
                    for y in top..<(top + w) {
                        for x in left..<(left + w) {
                            let i = c * a.planeCount + y * a.width + x
                            let u = Double(a.pixels[i]), v = Double(b.pixels[i])
                            sx += u; sy += v; sxx += u * u; syy += v * v; sxy += u * v
                        }
                    }
                    let mx = sx / np, my = sy / np
                    let vx = norm * (sxx / np - mx * mx), vy = norm * (syy / np - my * my)
                    let cxy = norm * (sxy / np - mx * my)
                    total += (2 * mx * my + c1) * (2 * cxy + c2) / ((mx * mx + my * my + c1) * (vx + vy + c2))
                    count += 1
                }
            }
            channelSum += total / Double(count)
        }
        return channelSum / Double(a.channels)
    }

    private static func pow2(_ x: Double) -> Double { x * x }
}
