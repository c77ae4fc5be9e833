/// The convolution triangle for 3×3, stride-1, padding-1 layers with many channels on Winograd's
/// minimal filtering F(2×2, 3×3) (Lavin & Gray, "Fast Algorithms for Convolutional Neural
/// Networks", CVPR 2016): each 2×2 block of outputs comes from a 4×4 input tile in 16 products
/// instead of 36, so the GEMM work falls 2.25×. With U = G g Gᵀ (filters), V = Bᵀ d B (input
/// tiles) and M = U ⊙ V summed over input channels (16 GEMMs, one per tile position), the output
/// is Y = Aᵀ M A. The input and weight gradients are the exact adjoints of that linear map
/// (`WinogradTransform`): dM = A dY Aᵀ, then dV = Uᵀ dM scattered back as B dV Bᵀ, and
/// dU = dM Vᵀ folded back as Gᵀ dU G — the same 16 GEMMs transposed, no flipped filters.
///
/// Planes large enough for 49 tiles of 4×4 outputs take F(4×4, 3×3) instead (`WinogradTile`):
/// 6×6 tiles and 36 GEMMs, 2.25 products per output instead of 4, with the same structure.
///
/// The filter transforms of weights that stay fixed over many calls (an attack's model) are
/// cached (`WinogradFilterCache`).
///
/// It pays where the GEMMs are large next to the transforms: ResNet-18's layers at 224×224
/// (chapter 5; docs/PAPER.md "Our setting"), not resnet-mini's 16-channel ones (`usesWinograd`). In
/// exact arithmetic it equals the other paths; in Float it adds in another order (a different
/// rounding, like the direct kernels: `ConvolutionPath`).
extension Convolution {
    /// Whether eligible layers use Winograd; on with the direct kernels (the default fast path),
    /// off with `GL_DIRECT_CONV=0`. Tests switch it to compare paths on the same layers.
    nonisolated(unsafe) public static var prefersWinograd = VectorUnit.directConvolutionByDefault

    /// The fewest input and output channels, and the fewest output tiles per image (14×14 outputs in
    /// 2×2 tiles), for which Winograd is used: ResNet-18's first three stages at 224×224 (the first
    /// two, 28×28 outputs and more, in 4×4 tiles: `WinogradTile.chosen`). Below that
    /// the filter transforms (K·C work whatever the image) eat the saving. resnet-mini's layers on
    /// 32×32 images (at most 64 channels on 8×8 planes) keep their paths and their numbers; on 64×64
    /// images (the radiograph of chapters 2 and 5) its last stage, 64 channels on 16×16, takes Winograd.
    static let winogradMinimumChannels = 64
    static let winogradMinimumTilesPerImage = 49

    /// Whether the three kernels take the Winograd path for `g`.
    static func usesWinograd(_ g: ConvGeometry) -> Bool {
        prefersWinograd && g.kernelHeight == 3 && g.kernelWidth == 3 && g.stride == 1 && g.padding == 1 && g.batch >= 1
            && g.inChannels >= winogradMinimumChannels && g.outChannels >= winogradMinimumChannels
            && WinogradTransform(g).tilesPerImage >= winogradMinimumTilesPerImage
    }

    /// Forward pass: Y = Aᵀ [Σ_c U ⊙ V] A, tile by tile.
    static func forwardWinograd(_ x: UnsafePointer<Float>, _ w: UnsafePointer<Float>, _ g: ConvGeometry,
                                into y: UnsafeMutablePointer<Float>, weightsOwner: AnyObject? = nil) {
        let plan = WinogradTransform(g), (k, c, p) = (g.outChannels, g.inChannels, plan.tileCount)
        let filters = WinogradFilterCache.shared.filters(w, owner: weightsOwner, plan: plan)
        let (v, m) = (plan.allocateInputMatrices(), plan.allocateOutputMatrices())
        defer { v.deallocate(); m.deallocate() }
        plan.transformInput(x, into: v)
        let (up, vp, mp) = (SendablePointer(filters.transformed), SendablePointer(v), SendablePointer(m))
        Parallel.forEach(plan.tile.positions, cost: plan.gemmFLOPs) { t in
            BLAS.sgemm(transposeA: false, transposeB: false, m: k, n: p, k: c, a: up[t * plan.uStride], lda: c,
                       b: vp[t * plan.vStride], ldb: p, c: mp[t * plan.mStride], ldc: p)
        }
        plan.transformOutput(m, into: y)
        withExtendedLifetime(filters) {}
    }

    /// Input gradient: dV = Uᵀ dM with dM = A dY Aᵀ, scattered back as B dV Bᵀ.
    static func inputGradientWinograd(_ dy: UnsafePointer<Float>, _ w: UnsafePointer<Float>, _ g: ConvGeometry,
                                      into dx: UnsafeMutablePointer<Float>, weightsOwner: AnyObject? = nil) {
        let plan = WinogradTransform(g), (k, c, p) = (g.outChannels, g.inChannels, plan.tileCount)
        let filters = WinogradFilterCache.shared.filters(w, owner: weightsOwner, plan: plan)
        let (dv, dm) = (plan.allocateInputMatrices(), plan.allocateOutputMatrices())
        defer { dv.deallocate(); dm.deallocate() }
        plan.transformOutputGradient(dy, into: dm)
        let (up, dvp, dmp) = (SendablePointer(filters.transformed), SendablePointer(dv), SendablePointer(dm))
        Parallel.forEach(plan.tile.positions, cost: plan.gemmFLOPs) { t in
            BLAS.sgemm(transposeA: true, transposeB: false, m: c, n: p, k: k, a: up[t * plan.uStride], lda: c,
                       b: dmp[t * plan.mStride], ldb: p, c: dvp[t * plan.vStride], ldc: p)
        }
        plan.scatterInputGradient(dv, into: dx)
        withExtendedLifetime(filters) {}
    }

    /// Weight gradient: dU = dM Vᵀ summed over every tile of every image, folded back as Gᵀ dU G.
    static func weightGradientWinograd(_ x: UnsafePointer<Float>, _ dy: UnsafePointer<Float>, _ g: ConvGeometry,
                                       into dw: UnsafeMutablePointer<Float>) {
        let plan = WinogradTransform(g), (k, c, p) = (g.outChannels, g.inChannels, plan.tileCount)
        let (du, v, dm) = plan.allocateMatrices()
        defer { du.deallocate(); v.deallocate(); dm.deallocate() }
        plan.transformInput(x, into: v)
        plan.transformOutputGradient(dy, into: dm)
        let (dup, vp, dmp) = (SendablePointer(du), SendablePointer(v), SendablePointer(dm))
        Parallel.forEach(plan.tile.positions, cost: plan.gemmFLOPs) { t in
            BLAS.sgemm(transposeA: false, transposeB: true, m: k, n: c, k: p, a: dmp[t * plan.mStride], lda: p,
                       b: vp[t * plan.vStride], ldb: p, c: dup[t * plan.uStride], ldc: c)
        }
        plan.foldFilterGradient(du, into: dw)
    }
}
