/// Which of Winograd's minimal filtering algorithms for 3×3 filters a convolution uses
/// (`Convolution+Winograd.swift`): F(2×2, 3×3) — 4×4 windows, 16 products per 2×2 outputs — or
/// F(4×4, 3×3) — 6×6 windows, 36 products per 4×4 outputs, 1.78× fewer than F(2×2) for larger
/// transform coefficients and so a few times F(2×2)'s rounding error (Lavin & Gray 2016).
enum WinogradTile: Equatable {
    case twoByTwo, fourByFour

    /// Outputs per tile side: 2 or 4.
    var outputSize: Int { self == .twoByTwo ? 2 : 4 }
    /// Input window side: 4 or 6.
    var windowSize: Int { outputSize + 2 }
    /// Values per transformed tile, one GEMM each: 16 or 36.
    var positions: Int { windowSize * windowSize }

    /// Whether layers with enough tiles take F(4×4, 3×3); tests switch it off to reach F(2×2, 3×3)
    /// on large planes.
    nonisolated(unsafe) static var largeTilesAllowed = true

    /// F(4×4, 3×3) where it still gives `minimumTilesPerImage` tiles per image — outputs of 25×25
    /// and more, ResNet-18's first two stages at 224×224 — and the image transforms run vectorised
    /// (`VectorKernels.WinogradLargeTiles` has no scalar twin); F(2×2, 3×3) otherwise.
    static func chosen(for g: ConvGeometry, minimumTilesPerImage: Int) -> WinogradTile {
        let large = ((g.outHeight + 3) / 4) * ((g.outWidth + 3) / 4)
        return largeTilesAllowed && WinogradTransform.vectorised && large >= minimumTilesPerImage ? .fourByFour : .twoByTwo
    }
}
