import Autodiff
import Foundation
import Kernels

/// Fashion-MNIST (Xiao, Rasul, Vollgraf 2017): 70,000 grayscale 28×28 images of 10 clothing classes,
/// 60,000 for training and 10,000 for testing (1,000 per class), in IDX files compressed with gzip.
/// Our federation trains on it instead of the paper's chest X-rays (docs/PAPER.md "Our setting").
/// The files come from the Debian package `dataset-fashion-mnist` (`make deps`).
public enum FashionMNIST {
    /// Where the Debian package installs the files.
    public static let defaultDirectory = "/usr/share/datasets/fashion-mnist"

    /// Class names, indexed by label.
    public static let classNames = [
        "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
    ]

    /// Side of the stored images.
    public static let nativeSize = 28

    public enum Split: String, Sendable, CaseIterable {
        case train
        case test

        /// The file-name prefix: `train` or `t10k`.
        public var filePrefix: String { self == .train ? "train" : "t10k" }
        /// Number of images in the split.
        public var count: Int { self == .train ? 60_000 : 10_000 }
    }

    /// Paths of a split's image and label files.
    public static func paths(_ split: Split, directory: String = defaultDirectory) -> (images: String, labels: String) {
        let base = URL(fileURLWithPath: directory)
        return (base.appendingPathComponent("\(split.filePrefix)-images-idx3-ubyte.gz").path,
                base.appendingPathComponent("\(split.filePrefix)-labels-idx1-ubyte.gz").path)
    }

    /// Loads a split as images [N, 1, size, size] in [0, 1] (pixel / 255) with labels in 0..<10.
    ///
    /// Each 28×28 image is first zero-padded by `padding` pixels on every side (the default 2 gives
    /// the 32×32 canvas our models use); when `size` differs from that canvas, the padded image is
    /// resized with `ImageResampler` (area filter down, bilinear up). `limit` loads only the first
    /// `limit` images and labels, decompressing only those.
    ///
    /// Throws `DatasetError`: `.missingFile` (the message says to run `make deps`), any IDX or gzip
    /// error naming the file, `.mismatch` when the files disagree (counts, 28×28, labels ≥ 10).
    public static func load(_ split: Split, size: Int = 32, padding: Int = 2, limit: Int? = nil,
                            directory: String = defaultDirectory) throws -> LabeledImages {
        guard padding >= 0, size > 0 else {
            throw DatasetError(.invalidArgument, file: nil, "FashionMNIST.load: size \(size) must be positive and padding \(padding) non-negative")
        }
        let (imagePath, labelPath) = paths(split, directory: directory)
        for path in [imagePath, labelPath] where !FileManager.default.fileExists(atPath: path) {
            throw DatasetError(.missingFile, file: path,
                               "Fashion-MNIST file not found; run `make deps` (it installs the Debian package dataset-fashion-mnist)")
        }
        let labelFile = try IDXFile.read(path: labelPath, limit: limit)
        let imageFile = try IDXFile.read(path: imagePath, limit: limit)
        try check(imageFile: imageFile, imagePath: imagePath, labelFile: labelFile, labelPath: labelPath)

        let canvas = nativeSize + 2 * padding
        let images = decode(imageFile, padding: padding)
        let resized = canvas == size ? images : try ImageResampler.resize(images, height: size, width: size)
        return try LabeledImages(images: resized, labels: labelFile.bytes.map(Int.init), classNames: classNames)
    }

    private static func check(imageFile: IDXFile, imagePath: String, labelFile: IDXFile, labelPath: String) throws {
        guard imageFile.dimensions.count == 3, imageFile.dimensions[1] == nativeSize, imageFile.dimensions[2] == nativeSize else {
            throw DatasetError(.mismatch, file: imagePath,
                               "expected images of shape N×28×28, the header declares \(([imageFile.declaredCount] + imageFile.dimensions.dropFirst()).map(String.init).joined(separator: "×"))")
        }
        guard labelFile.dimensions.count == 1 else {
            throw DatasetError(.mismatch, file: labelPath, "expected a 1-D label array, the header declares \(labelFile.dimensions.count) dimensions")
        }
        guard imageFile.declaredCount == labelFile.declaredCount else {
            throw DatasetError(.mismatch, file: labelPath,
                               "holds \(labelFile.declaredCount) labels but \(imagePath) holds \(imageFile.declaredCount) images")
        }
        if let index = labelFile.bytes.firstIndex(where: { $0 >= classNames.count }) {
            throw DatasetError(.corrupt, file: labelPath, "label \(labelFile.bytes[index]) of item \(index) is not a class in 0..<\(classNames.count)")
        }
    }

    /// Bytes → [N, 1, 28 + 2p, 28 + 2p] floats, zero border.
    private static func decode(_ file: IDXFile, padding: Int) -> Tensor {
        let n = file.count, side = nativeSize + 2 * padding, pixels = nativeSize * nativeSize
        let table = (0..<256).map { Float($0) / 255 }
        return file.bytes.withUnsafeBufferPointer { bytes in
            Tensor(shape: [n, 1, side, side]) { target in
                let src = SendablePointer(bytes.baseAddress!), dst = SendablePointer(target.baseAddress!)
                table.withUnsafeBufferPointer { table in
                    let lookup = SendablePointer(table.baseAddress!)
                    Parallel.forEachChunk(n, cost: n * side * side * 4) { _, range in
                        for image in range {
                            let out = dst[image * side * side], inp = src[image * pixels]
                            out.update(repeating: 0, count: side * side)
                            for y in 0..<nativeSize {
                                let row = out + (y + padding) * side + padding, inRow = inp + y * nativeSize
                                for x in 0..<nativeSize { row[x] = lookup.base[Int(inRow[x])] }
                            }
                        }
                    }
                }
            }
        }
    }
}
