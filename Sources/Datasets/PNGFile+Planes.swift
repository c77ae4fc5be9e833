import Autodiff
import CPNG
import Foundation

extension PNGFile {
    /// Reads the PNG at `path` as planes [C, H, W] in [0, 1]: C = 3 (R, G, B) for a colour file
    /// (RGB, RGBA, or a palette with a colour entry; alpha composited onto black), C = 1 for a gray
    /// one (gray, gray + alpha, or a palette of grays). 8-bit files are read as value / 255, 16-bit
    /// files as value / 65535 (linear). This is the layout torchvision's `ToTensor` gives a PIL image.
    public static func readPlanes(_ path: String) throws -> Tensor {
        try beginRead(path) { image in
            let colour = image.format & png_uint_32(PNG_FORMAT_FLAG_COLOR) != 0
            let palette = image.format & png_uint_32(PNG_FORMAT_FLAG_COLORMAP) != 0
            let sixteen = image.format & png_uint_32(PNG_FORMAT_FLAG_LINEAR) != 0
            let (width, height, channels) = (Int(image.width), Int(image.height), colour ? 3 : 1)
            let interleaved = try finishRead(&image, path, channels: channels, sixteen: sixteen)
            guard channels == 3 else { return Tensor(shape: [1, height, width], scalars: interleaved) }
            // libpng marks every palette as colour: a palette of grays is a gray image.
            let pixels = width * height
            if palette, isGray(interleaved, pixels: pixels) {
                return Tensor(shape: [1, height, width], scalars: (0..<pixels).map { interleaved[3 * $0] })
            }
            // Interleaved RGB → planar [3, H, W].
            var planes = [Float](repeating: 0, count: interleaved.count)
            for p in 0..<pixels { for c in 0..<3 { planes[c * pixels + p] = interleaved[p * 3 + c] } }
            return Tensor(shape: [3, height, width], scalars: planes)
        }
    }

    /// True when every pixel of interleaved RGB samples has R = G = B.
    static func isGray(_ rgb: [Float], pixels: Int) -> Bool {
        for p in 0..<pixels where rgb[3 * p] != rgb[3 * p + 1] || rgb[3 * p] != rgb[3 * p + 2] { return false }
        return true
    }
}

extension PNGFile {
    /// The 8-bit RGB PNG encoding of planes [3, H, W] (values clamped to [0, 1] and rounded).
    public static func encodeRGB(_ planes: Tensor, file: String = "<memory>") throws -> Data {
        guard planes.rank == 3, planes.shape[0] == 3, planes.shape[1] > 0, planes.shape[2] > 0 else {
            throw DatasetError(.invalidArgument, file: file, "an RGB image must be [3, H, W], got \(planes.shape)")
        }
        let (height, width) = (planes.shape[1], planes.shape[2])
        let values = planes.scalars, plane = width * height
        guard values.allSatisfy(\.isFinite) else { throw DatasetError(.invalidArgument, file: file, "the image has non-finite values") }
        var samples = [UInt8](repeating: 0, count: 3 * plane)
        for p in 0..<plane { for c in 0..<3 { samples[p * 3 + c] = UInt8((min(max(values[c * plane + p], 0), 1) * 255).rounded()) } }
        return try samples.withUnsafeBytes { try encode($0, width: width, height: height, format: png_uint_32(PNG_FORMAT_RGB), file: file) }
    }
}
