import Autodiff
import Kernels

/// One 3×3 convolution of the resnet-mini workload (docs/DESIGN.md "The benchmark workload").
struct ConvLayer {
    let inChannels: Int, outChannels: Int, size: Int, stride: Int
    var name: String { "\(inChannels)→\(outChannels) @\(size)" + (stride > 1 ? " s\(stride)" : "") }

    /// The resnet-mini 3×3 convolutions, widths 16–128, spatial 32×32 down to 4×4.
    static let resnetMini: [ConvLayer] = [
        ConvLayer(inChannels: 1, outChannels: 16, size: 32, stride: 1),
        ConvLayer(inChannels: 16, outChannels: 16, size: 32, stride: 1),
        ConvLayer(inChannels: 16, outChannels: 32, size: 32, stride: 2),
        ConvLayer(inChannels: 32, outChannels: 32, size: 16, stride: 1),
        ConvLayer(inChannels: 32, outChannels: 64, size: 16, stride: 2),
        ConvLayer(inChannels: 64, outChannels: 64, size: 8, stride: 1),
        ConvLayer(inChannels: 64, outChannels: 128, size: 8, stride: 2),
        ConvLayer(inChannels: 128, outChannels: 128, size: 4, stride: 1),
    ]
}

/// Forward and backward (input and weight gradients) of each layer through the `Tensor` API, with
/// the batch split over `Parallel.threadCount` threads and single-threaded BLAS.
func benchConvolutions(batch: Int, plan: TimingPlan) -> JSON {
    BLAS.setThreads(1)
    var rows: [JSON] = []
    var totals = (forward: 0.0, backward: 0.0, flops: 0.0)
    for layer in ConvLayer.resnetMini {
        var rng = RandomGenerator(seed: 7)
        let x = Tensor.randomNormal([batch, layer.inChannels, layer.size, layer.size], generator: &rng)
        let w = Tensor.randomNormal([layer.outChannels, layer.inChannels, 3, 3], standardDeviation: 0.1, generator: &rng)
        let geometry = ConvGeometry(batch: batch, inChannels: layer.inChannels, inHeight: layer.size, inWidth: layer.size,
                                    outChannels: layer.outChannels, kernelHeight: 3, kernelWidth: 3,
                                    stride: layer.stride, padding: 1)
        let flops = Double(geometry.forwardFLOPs)

        let forward = plan.secondsPerCall { _ = withoutRecording { x.conv2d(w, stride: layer.stride, padding: 1) } }
        let (xv, wv) = (x.requiringGradient(), w.requiringGradient())
        let y = xv.conv2d(wv, stride: layer.stride, padding: 1)
        let dy = Tensor.randomNormal(y.shape, generator: &rng)
        let inputGradient = plan.secondsPerCall { _ = gradients(of: y, wrt: [xv], seed: dy) }
        let weightGradient = plan.secondsPerCall { _ = gradients(of: y, wrt: [wv], seed: dy) }
        let backward = plan.secondsPerCall { _ = gradients(of: y, wrt: [xv, wv], seed: dy) }
        totals.forward += forward; totals.backward += backward; totals.flops += flops
        progress("conv \(layer.name): forward \(String(format: "%.3f", forward * 1e3)) ms "
                 + "(\(String(format: "%.1f", flops / forward / 1e9)) GFLOP/s), backward "
                 + "\(String(format: "%.3f", backward * 1e3)) ms (\(String(format: "%.1f", 2 * flops / backward / 1e9)) GFLOP/s)")
        rows.append(.object([
            ("layer", .string(layer.name)), ("input", .array(geometry.inputShape.map { .integer($0) })),
            ("weight", .array(geometry.weightShape.map { .integer($0) })), ("stride", .integer(layer.stride)),
            ("forward_mflop", .number(flops / 1e6)),
            ("forward_ms", .number(forward * 1e3)), ("forward_gflops", .number(flops / forward / 1e9)),
            ("input_grad_ms", .number(inputGradient * 1e3)), ("input_grad_gflops", .number(flops / inputGradient / 1e9)),
            ("weight_grad_ms", .number(weightGradient * 1e3)), ("weight_grad_gflops", .number(flops / weightGradient / 1e9)),
            ("backward_ms", .number(backward * 1e3)), ("backward_gflops", .number(2 * flops / backward / 1e9)),
        ]))
    }
    return .object([
        ("batch", .integer(batch)), ("app_threads", .integer(Parallel.threadCount)), ("blas_threads", .integer(BLAS.threads)),
        ("layers", .array(rows)),
        ("total_forward_ms", .number(totals.forward * 1e3)), ("total_forward_gflops", .number(totals.flops / totals.forward / 1e9)),
        ("total_backward_ms", .number(totals.backward * 1e3)),
        ("total_backward_gflops", .number(2 * totals.flops / totals.backward / 1e9)),
    ])
}
