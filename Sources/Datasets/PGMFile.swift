import FileSupport
import Foundation

/// Binary PGM (Netpbm "P5") files: an ASCII header `P5 <width> <height> <maxval>` (whitespace-separated,
/// `#` comments allowed), one whitespace byte, then the raster: one byte per sample when
/// maxval < 256, else two bytes big-endian. Pixel value = sample / maxval.
public enum PGMFile {
    /// Reads the P5 file at `path`. Throws `DatasetError`: `.missingFile`, `.badMagic` (not "P5"),
    /// `.corrupt` (bad header fields, a sample above maxval, data after the raster), `.truncated`.
    public static func read(_ path: String) throws -> GrayImage {
        let data = try FileIO.read(path)
        return try data.withUnsafeBytes { raw in try decode(raw.bindMemory(to: UInt8.self), file: path) }
    }

    /// Writes `image` to `path` as P5 with maxval 255 (8-bit) or 65535 (16-bit), atomically.
    public static func write(_ image: GrayImage, to path: String, bitDepth: PNGFile.BitDepth = .eight) throws {
        try FileIO.writeAtomically(encode(image, bitDepth: bitDepth, file: path), to: path)
    }

    /// The P5 encoding of `image`.
    public static func encode(_ image: GrayImage, bitDepth: PNGFile.BitDepth = .eight, file: String = "<memory>") throws -> Data {
        let maxValue = bitDepth == .sixteen ? 65535 : 255
        let samples = try image.quantised(maxValue: maxValue, file: file)
        var data = Data("P5\n\(image.width) \(image.height)\n\(maxValue)\n".utf8)
        if bitDepth == .sixteen {
            var bytes = [UInt8](repeating: 0, count: samples.count * 2)
            for (i, sample) in samples.enumerated() { bytes[2 * i] = UInt8(sample >> 8); bytes[2 * i + 1] = UInt8(sample & 0xFF) }
            data.append(contentsOf: bytes)
        } else {
            data.append(contentsOf: samples.map { UInt8($0) })
        }
        return data
    }

    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, file: String) throws -> GrayImage {
        guard bytes.count >= 2 else {
            throw DatasetError(.truncated, file: file, "not a PGM file: only \(bytes.count) bytes")
        }
        guard bytes[0] == UInt8(ascii: "P"), bytes[1] == UInt8(ascii: "5") else {
            let found = String(decoding: bytes.prefix(2), as: UTF8.self)
            throw DatasetError(.badMagic, file: file, "not a binary PGM file: starts with \"\(found.debugDescription.dropFirst().dropLast())\", expected \"P5\"")
        }
        var position = 2
        func field(_ name: String) throws -> Int {
            // Skip whitespace and comments, then read decimal digits.
            while position < bytes.count {
                let byte = bytes[position]
                if byte == UInt8(ascii: "#") {
                    while position < bytes.count && bytes[position] != 0x0A && bytes[position] != 0x0D { position += 1 }
                } else if isSpace(byte) {
                    position += 1
                } else { break }
            }
            guard position < bytes.count else {
                throw DatasetError(.truncated, file: file, "truncated PGM header: the file ends before the \(name)")
            }
            var value = 0, digits = 0
            while position < bytes.count, bytes[position] >= 0x30, bytes[position] <= 0x39 {
                value = value * 10 + Int(bytes[position] - 0x30)
                digits += 1
                position += 1
                guard value <= 1 << 30 else { throw DatasetError(.corrupt, file: file, "PGM \(name) is absurdly large") }
            }
            guard digits > 0 else {
                throw DatasetError(.corrupt, file: file, "PGM header: expected the \(name) as a decimal number at byte \(position)")
            }
            return value
        }
        let width = try field("width"), height = try field("height"), maxValue = try field("maxval")
        guard width > 0, height > 0 else { throw DatasetError(.corrupt, file: file, "PGM size \(width)×\(height) must be positive") }
        guard (1...65535).contains(maxValue) else {
            throw DatasetError(.corrupt, file: file, "PGM maxval \(maxValue) is outside 1...65535")
        }
        guard position < bytes.count, isSpace(bytes[position]) else {
            throw DatasetError(position < bytes.count ? .corrupt : .truncated, file: file,
                               "PGM header: expected one whitespace byte after the maxval at byte \(position)")
        }
        position += 1
        let bytesPerSample = maxValue < 256 ? 1 : 2
        let expected = width * height * bytesPerSample, present = bytes.count - position
        guard present >= expected else {
            throw DatasetError(.truncated, file: file,
                               "truncated: the header declares \(width)×\(height) samples (\(expected) bytes), but only \(present) bytes follow it")
        }
        guard present == expected else {
            throw DatasetError(.corrupt, file: file, "\(present - expected) unexpected bytes after the \(width)×\(height) raster")
        }
        var pixels = [Float](repeating: 0, count: width * height)
        let scale = 1 / Float(maxValue)
        for i in 0..<pixels.count {
            let sample = bytesPerSample == 1
                ? Int(bytes[position + i])
                : Int(bytes[position + 2 * i]) << 8 | Int(bytes[position + 2 * i + 1])
            guard sample <= maxValue else {
                throw DatasetError(.corrupt, file: file, "sample \(sample) at pixel (\(i % width), \(i / width)) exceeds maxval \(maxValue)")
            }
            pixels[i] = Float(sample) * scale
        }
        return GrayImage(width: width, height: height, pixels: pixels)
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0B || byte == 0x0C
    }
}
