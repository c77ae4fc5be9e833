/// A band of rows of a [C, H, W] image copied with one ring of zeros around every channel plane,
/// the input layout of the direct 3×3 kernels: padded row `j` of a channel holds input row
/// `rows.lowerBound − 1 + j` (zeros outside the image) at columns 1…W, with zero columns 0 and
/// W + 1. The kernels read it without bounds checks: every 3×3 window of the band's output rows
/// lies inside it.
public struct ZeroPaddedRows {
    /// Columns of a padded row: W + 2.
    public let pitch: Int
    /// Padded rows per channel: the band's output rows + 2.
    public let rowsPerChannel: Int
    public let channels: Int
    public let base: UnsafeMutablePointer<Float>

    /// Floats needed for `channels` planes of a band of `rows` output rows of width `width`.
    public static func capacity(channels: Int, rows: Int, width: Int) -> Int {
        channels * (rows + 2) * (width + 2)
    }

    /// Copies output rows `rows` (and one row above and below) of channels `channels` of
    /// `image` ([C, height, width]) into `storage`, which holds at least `capacity(…)` floats.
    public init(image: UnsafePointer<Float>, height: Int, width: Int, channels: Range<Int>, rows: Range<Int>,
                storage: UnsafeMutablePointer<Float>) {
        (pitch, rowsPerChannel, self.channels, base) = (width + 2, rows.count + 2, channels.count, storage)
        let plane = rowsPerChannel * pitch
        for (slot, c) in channels.enumerated() {
            let target = storage + slot * plane
            for j in 0..<rowsPerChannel {
                let row = target + j * pitch
                let source = rows.lowerBound - 1 + j
                row[0] = 0
                row[width + 1] = 0
                if source >= 0 && source < height {
                    (row + 1).update(from: image + (c * height + source) * width, count: width)
                } else {
                    (row + 1).update(repeating: 0, count: width)
                }
            }
        }
    }

    /// Padded row `j` of channel slot `slot`, at column 0 (the left zero).
    @inline(__always)
    func row(_ slot: Int, _ j: Int) -> UnsafePointer<Float> {
        UnsafePointer(base + (slot * rowsPerChannel + j) * pitch)
    }
}
