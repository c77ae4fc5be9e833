import Autodiff
import Foundation
import Kernels

/// Resizes images with a separable filter. Downscaling uses the **area** filter (each output pixel
/// is the coverage-weighted mean of the input pixels under it, no aliasing); upscaling uses
/// **bilinear** interpolation with half-pixel centres (PyTorch `align_corners=False`, edges clamped).
/// Both preserve a constant image exactly.
public enum ImageResampler {
    public enum Filter: Sendable {
        /// Area for an axis that shrinks, bilinear for one that grows.
        case automatic
        /// Coverage-weighted mean (box filter); on an axis that grows it repeats pixels.
        case area
        /// Linear interpolation between the two nearest input pixels.
        case bilinear
    }

    /// Resizes the last two axes of `images` (rank ≥ 2, e.g. [N, C, H, W] or [H, W]) to
    /// `height` × `width`. Returns `images` unchanged when the size already matches.
    public static func resize(_ images: Tensor, height: Int, width: Int, filter: Filter = .automatic) throws -> Tensor {
        guard images.rank >= 2 else {
            throw DatasetError(.invalidArgument, file: nil, "ImageResampler.resize: need at least 2 axes, got shape \(images.shape)")
        }
        guard height > 0, width > 0 else {
            throw DatasetError(.invalidArgument, file: nil, "ImageResampler.resize: target size \(height)×\(width) must be positive")
        }
        let inHeight = images.shape[images.rank - 2], inWidth = images.shape[images.rank - 1]
        guard inHeight > 0, inWidth > 0 else {
            throw DatasetError(.invalidArgument, file: nil, "ImageResampler.resize: empty image of shape \(images.shape)")
        }
        if inHeight == height && inWidth == width { return images }
        let planes = images.count / (inHeight * inWidth)
        let outShape = Array(images.shape.dropLast(2)) + [height, width]
        let rows = AxisWeights(from: inHeight, to: height, filter: filter)
        let columns = AxisWeights(from: inWidth, to: width, filter: filter)
        return images.withUnsafeBufferPointer { source in
            Tensor(shape: outShape) { target in
                let src = SendablePointer(source.baseAddress!), dst = SendablePointer(target.baseAddress!)
                Parallel.forEachChunk(planes, cost: planes * (inHeight * width + height * width) * 8) { _, range in
                    var temp = [Float](repeating: 0, count: inHeight * width)
                    for plane in range {
                        resizePlane(src[plane * inHeight * inWidth], inHeight: inHeight, inWidth: inWidth,
                                    rows: rows, columns: columns, temp: &temp, into: dst[plane * height * width])
                    }
                }
            }
        }
    }

    private static func resizePlane(_ source: UnsafeMutablePointer<Float>, inHeight: Int, inWidth: Int,
                                    rows: AxisWeights, columns: AxisWeights, temp: inout [Float],
                                    into target: UnsafeMutablePointer<Float>) {
        let width = columns.outputCount
        temp.withUnsafeMutableBufferPointer { temp in
            let tmp = temp.baseAddress!
            for y in 0..<inHeight {                       // horizontal pass: [inHeight, width]
                let sourceRow = source + y * inWidth, tempRow = tmp + y * width
                for x in 0..<width {
                    var sum: Float = 0
                    for k in columns.range(x) { sum += columns.weights[k] * sourceRow[columns.indices[k]] }
                    tempRow[x] = sum
                }
            }
            for y in 0..<rows.outputCount {               // vertical pass: [height, width]
                let targetRow = target + y * width
                for x in 0..<width { targetRow[x] = 0 }
                for k in rows.range(y) {
                    let weight = rows.weights[k], tempRow = tmp + rows.indices[k] * width
                    for x in 0..<width { targetRow[x] += weight * tempRow[x] }
                }
            }
        }
    }
}

/// The sparse interpolation matrix of one axis: output `o` is Σ weights[k] · input[indices[k]]
/// for k in `range(o)`.
struct AxisWeights: Sendable {
    let outputCount: Int
    private(set) var indices: [Int] = []
    private(set) var weights: [Float] = []
    private var offsets: [Int] = [0]

    init(from inputCount: Int, to outputCount: Int, filter: ImageResampler.Filter) {
        self.outputCount = outputCount
        let scale = Double(inputCount) / Double(outputCount)
        let useArea: Bool
        switch filter {
        case .area: useArea = true
        case .bilinear: useArea = false
        case .automatic: useArea = outputCount < inputCount
        }
        for o in 0..<outputCount {
            if useArea {
                let low = Double(o) * scale, high = Double(o + 1) * scale
                var i = Int(low.rounded(.down))
                var overlaps: [(Int, Double)] = []
                while Double(i) < high && i < inputCount {
                    let overlap = min(high, Double(i + 1)) - max(low, Double(i))
                    if overlap > 1e-12 { overlaps.append((i, overlap)) }
                    i += 1
                }
                let total = overlaps.reduce(0) { $0 + $1.1 }    // = scale up to rounding; normalise exactly
                for (index, overlap) in overlaps { indices.append(index); weights.append(Float(overlap / total)) }
            } else {
                let centre = min(max((Double(o) + 0.5) * scale - 0.5, 0), Double(inputCount - 1))
                let i0 = Int(centre.rounded(.down)), i1 = min(i0 + 1, inputCount - 1)
                let fraction = centre - Double(i0)
                indices.append(i0); weights.append(Float(1 - fraction))
                if i1 != i0 && fraction > 0 { indices.append(i1); weights.append(Float(fraction)) }
            }
            offsets.append(indices.count)
        }
    }

    @inline(__always) func range(_ output: Int) -> Range<Int> { offsets[output]..<offsets[output + 1] }
}
