import FileSupport

/// The grey image of image grids is the package's one grey-image type (FileSupport), so chapters
/// can keep writing `Plotting.GrayImage` and its JSON form is unchanged.
public typealias GrayImage = FileSupport.GrayImage

extension FileSupport.GrayImage {
    /// Throws `PlottingError.invalidFigure` naming the image's index in its grid when its size and
    /// pixel count disagree.
    func validate(index: Int) throws {
        if let problem = sizeProblem {
            throw PlottingError.invalidFigure("image \(index): \(problem)")
        }
    }
}
