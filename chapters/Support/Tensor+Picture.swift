import Autodiff
import Plotting

/// The one bridge between the numeric stack and the report stack that every chapter needs: a tensor
/// image as a picture for `show(.imageGrid(...))`. It lives under chapters/ because docs/DESIGN.md "Dependency rules" joins the
/// two stacks only there.
extension Tensor {
    /// The first H×W plane of an image tensor ([H, W], [1, H, W] or [N, C, H, W]) as a grayscale
    /// picture; pixel values are taken as they are (the report maps [0, 1] to black…white).
    public var picture: Plotting.GrayImage {
        let (height, width) = (shape[rank - 2], shape[rank - 1])
        return Plotting.GrayImage(width: width, height: height, pixels: Array(scalars.prefix(height * width)))
    }
}
