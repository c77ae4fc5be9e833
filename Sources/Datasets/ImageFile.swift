import Autodiff
import FileSupport
import Foundation

/// Images as tensors [C, H, W] in [0, 1], with the file format chosen by the extension (`.png`,
/// `.pgm`); written as gray.
public enum ImageFile {
    /// Reads a PNG or PGM file with its own channels: [3, H, W] for a colour PNG (R, G, B planes,
    /// as torchvision's `ToTensor`), [1, H, W] for a gray PNG or a PGM.
    public static func read(_ path: String) throws -> Tensor {
        switch try format(of: path) {
        case .png: return try PNGFile.readPlanes(path)
        case .pgm: return try PGMFile.read(path).tensor
        }
    }

    /// Reads an image as `channels` planes: 1 converts a colour PNG to gray (libpng's luminance);
    /// 3 needs a colour file unless `replicatingGray`, which copies a gray image into three planes
    /// (as torchvision pipelines feed X-rays to ImageNet models). Other counts are rejected.
    public static func read(_ path: String, channels: Int, replicatingGray: Bool = false) throws -> Tensor {
        switch channels {
        case 1:
            switch try format(of: path) {
            case .png: return try PNGFile.read(path).tensor
            case .pgm: return try PGMFile.read(path).tensor
            }
        case 3:
            let image = try read(path)
            if image.shape[0] == 3 { return image }
            guard replicatingGray else {
                throw DatasetError(.mismatch, file: path, "a gray image where 3 channels (RGB) are expected; replicate gray to 3 channels only when asked")
            }
            return image.expanded(to: [3, image.shape[1], image.shape[2]]).detached()
        default:
            throw DatasetError(.invalidArgument, file: path, "cannot read an image as \(channels) channels (1 or 3)")
        }
    }

    /// Writes a tensor [H, W], [1, H, W] or [1, 1, H, W] (values clamped to [0, 1]) as a PNG or PGM
    /// file, atomically; [3, H, W] or [1, 3, H, W] as an 8-bit RGB PNG.
    public static func write(_ image: Tensor, to path: String, bitDepth: PNGFile.BitDepth = .eight) throws {
        let format = try format(of: path)
        if image.rank >= 3, image.shape[image.rank - 3] == 3, image.shape.dropLast(3).allSatisfy({ $0 == 1 }) {
            guard format == .png else { throw DatasetError(.unsupported, file: path, "PGM files are gray; write RGB images as .png") }
            let planes = image.reshaped(Array(image.shape.suffix(3)))
            try FileIO.writeAtomically(PNGFile.encodeRGB(planes, file: path), to: path)
            return
        }
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
