/// The four image transforms of Winograd's F(4×4, 3×3) (Lavin & Gray, "Fast Algorithms for
/// Convolutional Neural Networks", CVPR 2016, with the interpolation points 0, ±1, ±2, ∞): the
/// input transform V = Bᵀ d B, its adjoint dx += B dV Bᵀ, the output transform Y = Aᵀ M A and its
/// adjoint dM = A dY Aᵀ, for one channel plane at a time and eight horizontally adjacent tiles per
/// vector, with
///
///     Bᵀ = [4 0 −5 0 1 0; 0 −4 −4 1 1 0; 0 4 −4 −1 1 0; 0 −2 −1 2 1 0; 0 2 −1 −2 1 0; 0 4 0 −5 0 1]
///     Aᵀ = [1 1 1 1 1 0; 0 1 −1 2 −2 0; 0 1 1 4 4 0; 0 1 −1 8 −8 1]
///
/// Tile (i, j) reads the 6×6 input window from (4i − 1, 4j − 1) and writes the 4×4 outputs from
/// (4i, 4j): each output costs 36/16 products per channel pair instead of F(2×2, 3×3)'s 16/4
/// (`WinogradTiles`), at the price of transforms with larger coefficients (a few times F(2×2)'s
/// rounding error). Its 36 values go to 36 matrices `matrixStride` floats apart, value
/// t = 6ξ + ν at column `i · tilesWide + j` of the plane's block. Eight adjacent tiles' columns
/// 4j − 1 + q are every fourth lane of a 32-float load of a zero-padded copy of the row.
///
/// Each 2-D transform runs as two passes of its 1-D transform over eight-tile vectors, the first
/// pass's 36 vectors parked in the scratch space.
public enum WinogradLargeTiles {
    static let lanes = 8
    typealias Four = (Lanes, Lanes, Lanes, Lanes)
    typealias Six = (Lanes, Lanes, Lanes, Lanes, Lanes, Lanes)

    /// Floats of scratch space the functions below need for a plane with these tiles: a padded copy
    /// of the plane (or the adjoint's sums) and the 36 vectors between the two passes.
    public static func scratchCapacity(tilesHigh: Int, tilesWide: Int) -> Int {
        let rows = 4 * tilesHigh + 2
        return max(rows * paddedPitch(tilesWide), 4 * rows * phaseRowLength(tilesWide)) + 36 * lanes
    }

    /// Columns of a padded row: room for 32-float loads at 4j and 4j + 4 of the last block of tiles.
    static func paddedPitch(_ tilesWide: Int) -> Int { 4 * ((tilesWide + lanes - 1) / lanes) * lanes + 40 }

    // MARK: The 1-D transforms, on eight tiles at once

    /// Bᵀ x.
    @inline(__always)
    static func inputTransform(_ x: Six) -> Six {
        let (a, b) = (x.4 - x.2 * 4, x.3 - x.1 * 4)
        let (c, e) = (x.4 - x.2, (x.3 - x.1) * 2)
        return ((x.0 - x.2) * 4 + c, a + b, a - b, c + e, c - e, (x.1 - x.3) * 4 + (x.5 - x.3))
    }

    /// B x: the adjoint of `inputTransform`.
    @inline(__always)
    static func inputTransformAdjoint(_ x: Six) -> Six {
        let (d12, d34, s12, s34) = (x.2 - x.1, x.4 - x.3, x.1 + x.2, x.3 + x.4)
        return (x.0 * 4, d12 * 4 + d34 * 2 + x.5 * 4, -(x.0 * 5) - s12 * 4 - s34,
                -d12 - d34 * 2 - x.5 * 5, x.0 + s12 + s34, x.5)
    }

    /// Aᵀ x.
    @inline(__always)
    static func outputTransform(_ x: Six) -> Four {
        let (s12, d12, s34, d34) = (x.1 + x.2, x.1 - x.2, x.3 + x.4, x.3 - x.4)
        return (x.0 + s12 + s34, d12 + d34 * 2, s12 + s34 * 4, d12 + d34 * 8 + x.5)
    }

    /// A x: the adjoint of `outputTransform`.
    @inline(__always)
    static func outputTransformAdjoint(_ x: Four) -> Six {
        let (p, q) = (x.0 + x.2, x.1 + x.3)
        let (r, s) = (x.0 + x.2 * 4, x.1 * 2 + x.3 * 8)
        return (x.0, p + q, p - q, r + s, r - s, x.3)
    }

    // MARK: Moving tiles

    @inline(__always)
    static func loadSix(_ p: UnsafePointer<Float>, stride: Int) -> Six {
        (loadLanes(p), loadLanes(p + stride), loadLanes(p + 2 * stride), loadLanes(p + 3 * stride),
         loadLanes(p + 4 * stride), loadLanes(p + 5 * stride))
    }

    @inline(__always)
    static func loadFour(_ p: UnsafePointer<Float>, stride: Int) -> Four {
        (loadLanes(p), loadLanes(p + stride), loadLanes(p + 2 * stride), loadLanes(p + 3 * stride))
    }

    @inline(__always)
    static func storeSix(_ x: Six, _ p: UnsafeMutablePointer<Float>, stride: Int, count: Int = lanes) {
        storePrefix(x.0, p, count: count); storePrefix(x.1, p + stride, count: count)
        storePrefix(x.2, p + 2 * stride, count: count); storePrefix(x.3, p + 3 * stride, count: count)
        storePrefix(x.4, p + 4 * stride, count: count); storePrefix(x.5, p + 5 * stride, count: count)
    }

    @inline(__always)
    static func storeFour(_ x: Four, _ p: UnsafeMutablePointer<Float>, stride: Int) {
        storeLanes(x.0, p); storeLanes(x.1, p + stride); storeLanes(x.2, p + 2 * stride); storeLanes(x.3, p + 3 * stride)
    }

    /// Columns q = 0…3 of eight tiles whose columns start every fourth float from `p`.
    @inline(__always)
    static func columns(_ p: UnsafePointer<Float>) -> Four {
        let row = UnsafeRawPointer(p).loadUnaligned(as: SIMD32<Float>.self)
        let (even, odd) = (row.evenHalf, row.oddHalf)
        return (even.evenHalf, odd.evenHalf, even.oddHalf, odd.oddHalf)
    }

    /// Eight tiles' four columns interleaved back into 32 consecutive floats: the inverse of `columns`.
    @inline(__always)
    static func interleaved(_ x: Four) -> SIMD32<Float> {
        var (first, second, row) = (SIMD16<Float>(), SIMD16<Float>(), SIMD32<Float>())
        first.evenHalf = x.0; first.oddHalf = x.2
        second.evenHalf = x.1; second.oddHalf = x.3
        row.evenHalf = first; row.oddHalf = second
        return row
    }

    /// All bits set in the first `count` lanes, none in the others (`Lanes.keeping`).
    @inline(__always)
    static func firstLanesMask(count: Int) -> SIMD8<UInt32> {
        ((SIMD8<UInt32>(0, 1, 2, 3, 4, 5, 6, 7) &- UInt32(count)) &>> 31) &* UInt32.max
    }
}

extension SIMD8<Float> {
    /// These values in the lanes `mask` has all bits set in, +0 in the others, whatever the values
    /// (NaN included): a bitwise and, where `replacing(with:where:)` compiles to a loop over lanes.
    @inline(__always)
    func keeping(_ mask: SIMD8<UInt32>) -> SIMD8<Float> {
        unsafeBitCast(unsafeBitCast(self, to: SIMD8<UInt32>.self) & mask, to: SIMD8<Float>.self)
    }
}
