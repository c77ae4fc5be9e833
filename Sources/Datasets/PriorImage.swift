import Autodiff
import Foundation

/// The attack's starting image. docs/PAPER.md ("The baseline attack"): the unknown images X are
/// initialised from "a smooth average-looking image of the domain" copied N times, and RDLV measures
/// leakage relative to the SSIM of this prior with the training image.
public enum PriorImage {
    /// The per-pixel mean of `images` [N, C, H, W] (N ≥ 1), blurred with a Gaussian of
    /// `blurSigma` pixels: shape [1, C, H, W].
    public static func mean(of images: Tensor, blurSigma: Float) throws -> Tensor {
        guard images.rank == 4, images.shape[0] >= 1 else {
            throw DatasetError(.invalidArgument, file: nil, "PriorImage.mean: expected images [N ≥ 1, C, H, W], got shape \(images.shape)")
        }
        let mean = images.mean(axes: [0], keepingAxes: true).detached()
        return try GaussianBlur.apply(mean, sigma: blurSigma)
    }

    /// A constant image [1, channels, height, width] of value `gray` (the uninformative prior).
    public static func constant(gray: Float = 0.5, channels: Int = 1, height: Int, width: Int) throws -> Tensor {
        guard channels > 0, height > 0, width > 0 else {
            throw DatasetError(.invalidArgument, file: nil, "PriorImage.constant: shape [1, \(channels), \(height), \(width)] must be positive")
        }
        guard gray.isFinite else { throw DatasetError(.invalidArgument, file: nil, "PriorImage.constant: gray must be finite") }
        return Tensor(repeating: gray, shape: [1, channels, height, width])
    }
}
