/// First-order optimisers on raw Float arrays for the attack's unknowns (pixels and label logits).
/// They run outside the graph, so an attack iteration allocates no optimiser tensors.
struct AdamOptimizer {
    let beta1: Float, beta2: Float, epsilon: Float
    /// Inverting Gradients optimises with the sign of the gradient.
    let signed: Bool
    private var first: [Float], second: [Float], step = 0

    init(count: Int, beta1: Float, beta2: Float, epsilon: Float = 1e-8, signed: Bool = false) {
        self.beta1 = beta1; self.beta2 = beta2; self.epsilon = epsilon; self.signed = signed
        first = Array(repeating: 0, count: count); second = first
    }

    /// θ ← θ − lr · m̂ / (√v̂ + ε), PyTorch's Adam with bias correction.
    mutating func step(_ values: inout [Float], gradient: [Float], learningRate: Float) {
        step += 1
        let c1 = 1 - powf(beta1, Float(step)), c2 = 1 - powf(beta2, Float(step))
        for i in values.indices {
            var g = gradient[i]
            if signed { g = g > 0 ? 1 : (g < 0 ? -1 : 0) }
            first[i] = beta1 * first[i] + (1 - beta1) * g
            second[i] = beta2 * second[i] + (1 - beta2) * g * g
            values[i] -= learningRate * (first[i] / c1) / ((second[i] / c2).squareRoot() + epsilon)
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
