import Foundation

/// In JSON a grey image is `{"width": W, "height": H, "pixels": "<base64>"}` with the pixels as
/// little-endian Float32, which keeps frozen results small and exact. This format is stored in the
/// committed `output/chapters/*/results.json`; changing it breaks them.
extension GrayImage: Codable {
    private enum CodingKeys: String, CodingKey { case width, height, pixels }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let width = try container.decode(Int.self, forKey: .width)
        let height = try container.decode(Int.self, forKey: .height)
        let text = try container.decode(String.self, forKey: .pixels)
        guard let data = Data(base64Encoded: text), data.count % 4 == 0 else {
            throw DecodingError.dataCorruptedError(forKey: .pixels, in: container,
                                                   debugDescription: "pixels are not base64 Float32 data")
        }
        let pixels = data.withUnsafeBytes { raw in
            (0..<(data.count / 4)).map {
                Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self)))
            }
        }
        self.init(width: width, height: height, pixels: pixels)
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
