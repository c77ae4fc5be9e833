import Autodiff
import FileSupport
import Foundation

/// Gray images as tensors, with the file format chosen by the extension (`.png`, `.pgm`).
public enum ImageFile {
    /// Reads a PNG or PGM file as a tensor [1, H, W] in [0, 1].
    public static func read(_ path: String) throws -> Tensor {
        switch try format(of: path) {
        case .png: return try PNGFile.read(path).tensor
        case .pgm: return try PGMFile.read(path).tensor
        }
    }

    /// Writes a tensor [H, W], [1, H, W] or [1, 1, H, W] (values clamped to [0, 1]) as a PNG or PGM
    /// file, atomically.
    public static func write(_ image: Tensor, to path: String, bitDepth: PNGFile.BitDepth = .eight) throws {
        let format = try format(of: path)
        let gray: GrayImage
        do { gray = try GrayImage(image) } catch let error as DatasetError {
            throw DatasetError(error.kind, file: path, "cannot write: \(error.message)")
        }
        switch format {
        case .png: try PNGFile.write(gray, to: path, bitDepth: bitDepth)
        case .pgm: try PGMFile.write(gray, to: path, bitDepth: bitDepth)
        }
    }

    private enum Format { case png, pgm }

    private static func format(of path: String) throws -> Format {
        switch URL(fileURLWithPath: path).pathExtension.lowercased() {
        case "png": return .png
        case "pgm": return .pgm
        case let other:
            throw DatasetError(.unsupported, file: path, "unknown image extension \".\(other)\"; use .png or .pgm")
        }
    }
}
