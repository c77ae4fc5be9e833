import Autodiff
import Datasets

/// A grid PNG: one row per list of images (e.g. originals above reconstructions), 2 px gaps.
enum SideBySide {
    static func write(rows: [[Tensor]], to path: String) throws {
        guard let first = rows.first?.first else { return }
        let (h, w) = (first.shape[first.rank - 2], first.shape[first.rank - 1])
        let columns = rows.map(\.count).max() ?? 0, gap = 2
        let width = columns * w + (columns - 1) * gap, height = rows.count * h + (rows.count - 1) * gap
        var pixels = [Float](repeating: 1, count: width * height)
        for (r, row) in rows.enumerated() {
            for (c, image) in row.enumerated() {
                let values = minMax(image.scalars)
                for y in 0..<h { for x in 0..<w { pixels[(r * (h + gap) + y) * width + c * (w + gap) + x] = values[y * w + x] } }
            }
        }
        try ImageFile.write(Tensor(shape: [1, height, width], scalars: pixels), to: path)
    }

    /// The first channel, min–max rescaled to [0, 1] (as the leakage scores see it).
    private static func minMax(_ v: [Float]) -> [Float] {
        let lo = v.min() ?? 0, hi = v.max() ?? 1
        return v.map { hi > lo ? ($0 - lo) / (hi - lo) : 0.5 }
    }
}
