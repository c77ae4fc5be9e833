import Foundation

/// A grayscale image of Float32 pixels (row-major, `height × width`). In JSON the pixels are stored
/// as base64 of little-endian Float32, which keeps frozen results small and exact.
public struct GrayImage: Codable, Sendable, Equatable {
    public var width: Int
    public var height: Int
    public var pixels: [Float]

    public init(width: Int, height: Int, pixels: [Float]) {
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// Finite minimum and maximum of the pixels (0…1 when there are none).
    public var finiteRange: (lower: Float, upper: Float) {
        var lo = Float.infinity, hi = -Float.infinity
        for p in pixels where p.isFinite {
            lo = min(lo, p)
            hi = max(hi, p)
        }
        return lo <= hi ? (lo, hi) : (0, 1)
    }

    func validate(index: Int) throws {
        guard width > 0, height > 0, width * height == pixels.count else {
            throw PlottingError.invalidFigure("image \(index) is \(width)×\(height) but has \(pixels.count) pixels")
        }
    }

    private enum CodingKeys: String, CodingKey { case width, height, pixels }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        width = try container.decode(Int.self, forKey: .width)
        height = try container.decode(Int.self, forKey: .height)
        let text = try container.decode(String.self, forKey: .pixels)
        guard let data = Data(base64Encoded: text), data.count % 4 == 0 else {
            throw DecodingError.dataCorruptedError(forKey: .pixels, in: container,
                                                   debugDescription: "pixels are not base64 Float32 data")
        }
        pixels = data.withUnsafeBytes { raw in
            (0..<(data.count / 4)).map { Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self))) }
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(width, forKey: .width)
        try container.encode(height, forKey: .height)
        var data = Data(capacity: pixels.count * 4)
        for p in pixels { withUnsafeBytes(of: p.bitPattern.littleEndian) { data.append(contentsOf: $0) } }
        try container.encode(data.base64EncodedString(), forKey: .pixels)
    }
}
