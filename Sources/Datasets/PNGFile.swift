import CPNG
import FileSupport
import Foundation

/// Grayscale PNG files through libpng's simplified API (`png_image`, which reports errors as return
/// values, so no setjmp is needed; docs/NATIVE-LIBS.md §3.5).
///
/// Reading: 8-bit files are read as 8-bit gray (value / 255) and 16-bit files as 16-bit gray
/// (value / 65535). RGB, palette and alpha images are converted to gray by libpng (alpha is
/// composited onto black). Writing: 8-bit gray (`PNG_FORMAT_GRAY`) or 16-bit linear gray
/// (`PNG_FORMAT_LINEAR_Y`, with gAMA 1.0), atomically. Values are clamped to [0, 1] and rounded.
public enum PNGFile {
    public enum BitDepth: Int, Sendable {
        case eight = 8
        case sixteen = 16
    }

    /// Reads the PNG at `path` as a gray image. Throws `DatasetError`: `.missingFile`, `.badMagic`
    /// when the file is not a PNG, `.truncated` / `.corrupt` with libpng's message.
    public static func read(_ path: String) throws -> GrayImage {
        try readWithDepth(path).image
    }

    /// Reads the PNG at `path` and reports whether it was stored with 16-bit samples.
    public static func readWithDepth(_ path: String) throws -> (image: GrayImage, bitDepth: BitDepth) {
        try beginRead(path) { image in
            let sixteen = image.format & png_uint_32(PNG_FORMAT_FLAG_LINEAR) != 0
            let pixels = try finishRead(&image, path, channels: 1, sixteen: sixteen)
            return (GrayImage(width: Int(image.width), height: Int(image.height), pixels: pixels), sixteen ? .sixteen : .eight)
        }
    }

    /// Reads the file, checks the signature and the header, and calls `body` with libpng's image
    /// (its `format` as stored: colour, alpha, 16-bit flags). `body` must finish or free it.
    static func beginRead<T>(_ path: String, _ body: (inout png_image) throws -> T) throws -> T {
        let data = try FileIO.read(path)
        let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        guard data.count >= 8, Array(data.prefix(8)) == signature else {
            throw DatasetError(data.count < 8 && Array(data) == Array(signature.prefix(data.count)) ? .truncated : .badMagic,
                               file: path, data.count < 8 ? "not a PNG file: only \(data.count) bytes" : "not a PNG file: the 8-byte PNG signature is missing")
        }
        return try data.withUnsafeBytes { bytes in
            var image = png_image()
            image.version = png_uint_32(PNG_IMAGE_VERSION)
            guard png_image_begin_read_from_memory(&image, bytes.baseAddress, bytes.count) != 0 else {
                let reason = message(of: image)
                png_image_free(&image)
                let kind = classify(reason)
                throw DatasetError(kind, file: path, kind == .truncated
                    ? "truncated PNG: the file ends inside its header (libpng: \(reason))"
                    : "invalid PNG header (libpng: \(reason))")
            }
            let width = Int(image.width), height = Int(image.height)
            guard width > 0, height > 0, width * height <= 1 << 26 else {
                png_image_free(&image)
                throw DatasetError(.corrupt, file: path, "implausible PNG size \(width)×\(height)")
            }
            return try body(&image)
        }
    }

    /// Decodes the pixels as `channels` (1: gray, 3: RGB) interleaved samples in [0, 1], 8- or 16-bit.
    static func finishRead(_ image: inout png_image, _ path: String, channels: Int, sixteen: Bool) throws -> [Float] {
        let count = Int(image.width) * Int(image.height) * channels
        let format: png_uint_32 = switch (channels, sixteen) {
        case (1, false): png_uint_32(PNG_FORMAT_GRAY)
        case (1, true): png_uint_32(PNG_FORMAT_LINEAR_Y)
        case (_, false): png_uint_32(PNG_FORMAT_RGB)
        case (_, true): png_uint_32(PNG_FORMAT_LINEAR_RGB)
        }
        image.format = format
        var pixels = [Float](repeating: 0, count: count)
        if sixteen {
            var buffer = [UInt16](repeating: 0, count: count)
            let ok = buffer.withUnsafeMutableBytes { png_image_finish_read(&image, nil, $0.baseAddress, 0, nil) }
            guard ok != 0 else { throw readError(image, path) }
            for i in pixels.indices { pixels[i] = Float(buffer[i]) / 65535 }
        } else {
            var buffer = [UInt8](repeating: 0, count: count)
            let ok = buffer.withUnsafeMutableBytes { png_image_finish_read(&image, nil, $0.baseAddress, 0, nil) }
            guard ok != 0 else { throw readError(image, path) }
            for i in pixels.indices { pixels[i] = Float(buffer[i]) / 255 }
        }
        return pixels
    }

    /// The PNG encoding of `image` (the bytes `write` puts in a file).
    public static func encode(_ image: GrayImage, bitDepth: BitDepth = .eight, file: String = "<memory>") throws -> Data {
        let format = bitDepth == .sixteen ? png_uint_32(PNG_FORMAT_LINEAR_Y) : png_uint_32(PNG_FORMAT_GRAY)
        let samples = try image.quantised(maxValue: bitDepth == .sixteen ? 65535 : 255, file: file)
        if bitDepth == .sixteen {
            return try samples.withUnsafeBytes { try encode($0, width: image.width, height: image.height, format: format, file: file) }
        }
        return try samples.map { UInt8($0) }.withUnsafeBytes {
            try encode($0, width: image.width, height: image.height, format: format, file: file)
        }
    }

    /// The PNG encoding of interleaved samples in a libpng simplified-API `format`.
    static func encode(_ samples: UnsafeRawBufferPointer, width: Int, height: Int, format: png_uint_32, file: String) throws -> Data {
        var png = png_image()
        png.version = png_uint_32(PNG_IMAGE_VERSION)
        png.width = png_uint_32(width)
        png.height = png_uint_32(height)
        png.format = format
        var size: png_alloc_size_t = 0
        guard png_image_write_to_memory(&png, nil, &size, 0, samples.baseAddress, 0, nil) != 0, size > 0 else {
            throw DatasetError(.ioFailure, file: file, "PNG encoding failed (libpng: \(message(of: png)))")
        }
        var data = Data(count: Int(size))
        let ok = data.withUnsafeMutableBytes { png_image_write_to_memory(&png, $0.baseAddress, &size, 0, samples.baseAddress, 0, nil) }
        guard ok != 0 else { throw DatasetError(.ioFailure, file: file, "PNG encoding failed (libpng: \(message(of: png)))") }
        return data.prefix(Int(size))
    }

    /// Writes `image` to `path` as a grayscale PNG, atomically (temp file + rename).
    public static func write(_ image: GrayImage, to path: String, bitDepth: BitDepth = .eight) throws {
        try FileIO.writeAtomically(encode(image, bitDepth: bitDepth, file: path), to: path)
    }

    static func readError(_ image: png_image, _ path: String) -> DatasetError {
        var image = image
        let reason = message(of: image)
        png_image_free(&image)
        let kind = classify(reason)
        return DatasetError(kind, file: path, kind == .truncated
            ? "truncated PNG: the file ends before the image data does (libpng: \(reason))"
            : "corrupt PNG data (libpng: \(reason))")
    }

    /// libpng's error text, from the fixed `char message[64]` field.
    static func message(of image: png_image) -> String {
        withUnsafeBytes(of: image.message) { raw in
            let text = String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            return text.isEmpty ? "unknown error" : text
        }
    }

    /// libpng reports a cut-off file as reading past the end of the data.
    static func classify(_ reason: String) -> DatasetError.Kind {
        let lower = reason.lowercased()
        return lower.contains("read beyond end") || lower.contains("end of") || lower.contains("truncated") || lower.contains("not enough")
            ? .truncated : .corrupt
    }
}
