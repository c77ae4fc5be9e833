/// The parameters of SSIM. The default is scikit-image's default `structural_similarity` for 2-D
/// planes: a 7×7 uniform window (`win_size=7`, `gaussian_weights=False`), `K1 = 0.01`, `K2 = 0.03`,
/// `use_sample_covariance=True` (variances and covariance scaled by NP/(NP − 1), NP = 49).
/// The data range is not part of the configuration: every SSIM call takes it explicitly.
public struct SSIMConfiguration: Sendable, Equatable, Hashable {
    /// Side of the square uniform window; odd and at least 3.
    public var windowSize: Int
    /// Luminance stabiliser: C1 = (K1 · dataRange)².
    public var k1: Double
    /// Contrast/structure stabiliser: C2 = (K2 · dataRange)².
    public var k2: Double
    /// Normalise (co)variances by NP − 1 (true, scikit-image's default) or NP (Wang et al. 2004).
    public var useSampleCovariance: Bool

    public init(windowSize: Int = 7, k1: Double = 0.01, k2: Double = 0.03, useSampleCovariance: Bool = true) {
        self.windowSize = windowSize
        self.k1 = k1
        self.k2 = k2
        self.useSampleCovariance = useSampleCovariance
    }

    /// scikit-image's default (see the type's documentation); what the paper's companion code uses.
    public static let scikitImageDefault = SSIMConfiguration()

    /// Pixels per window, NP = windowSize².
    var windowPixels: Int { windowSize * windowSize }

    /// The factor scikit-image applies to window variances and covariances: NP/(NP − 1) or 1.
    var covarianceNormalisation: Double {
        useSampleCovariance ? Double(windowPixels) / Double(windowPixels - 1) : 1
    }

    /// Throws unless the parameters are usable: an odd window ≥ 3 and finite K1, K2 > 0 (scikit-image
    /// also accepts 0, which makes S = 0/0 on flat windows; we reject it rather than return NaN).
    func validate(function: String) throws(LeakageError) {
        guard windowSize >= 3, windowSize % 2 == 1 else {
            throw LeakageError(function, "SSIM windowSize must be odd and ≥ 3, got \(windowSize)")
        }
        guard k1.isFinite, k1 > 0, k2.isFinite, k2 > 0 else {
            throw LeakageError(function, "SSIM K1 and K2 must be finite and > 0, got K1 = \(k1), K2 = \(k2)")
        }
    }

    /// Throws unless an image of `shape` (`[C, H, W]`) holds at least one full window.
    func requireFits(_ shape: [Int], function: String) throws(LeakageError) {
        guard shape[1] >= windowSize, shape[2] >= windowSize else {
            throw LeakageError(function, "image shape \(shape) is smaller than the \(windowSize)×\(windowSize) SSIM window "
                + "(scikit-image: 'win_size exceeds image extent')")
        }
    }

    /// Throws unless `dataRange` is finite and positive.
    static func requireDataRange(_ dataRange: Double, function: String) throws(LeakageError) {
        guard dataRange.isFinite, dataRange > 0 else {
            throw LeakageError(function, "dataRange must be finite and > 0, got \(dataRange)")
        }
    }
}
