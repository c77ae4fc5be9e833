@testable import Autodiff
import Kernels
import XCTest

extension NDArray {
    init(_ t: Tensor) { self.init(shape: t.shape, values: t.scalars.map(Double.init)) }
}

extension Tensor {
    init(_ a: NDArray) { self.init(shape: a.shape, scalars: a.values.map(Float.init)) }
}

/// How a test input is drawn.
struct InputSpec {
    enum Values {
        /// Uniform in `[lower, upper)`.
        case uniform(Float, Float)
        /// Magnitude uniform in `[lower, upper)` with a random sign: keeps piecewise ops off their kink at 0.
        case awayFromZero(Float, Float)
        /// A random permutation of equally spaced values in `[lower, upper]`: no ties, fixed gaps (max pooling).
        case distinct(Float, Float)
    }
    var shape: [Int]
    var values: Values = .uniform(-1, 1)

    init(_ shape: [Int], _ values: Values = .uniform(-1, 1)) { self.shape = shape; self.values = values }

    func draw(_ rng: inout RandomGenerator) -> Tensor {
        let n = shape.reduce(1, *)
        switch values {
        case .uniform(let lo, let hi):
            return Tensor.randomUniform(shape, lower: lo, upper: hi, generator: &rng)
        case .awayFromZero(let lo, let hi):
            return Tensor(shape: shape, scalars: (0..<n).map { _ in
                (lo + (hi - lo) * rng.nextUniform()) * (rng.nextUniform() < 0.5 ? -1 : 1)
            })
        case .distinct(let lo, let hi):
            var order = Array(0..<n)
            order.shuffle(using: &rng)
            return Tensor(shape: shape, scalars: order.map { lo + (hi - lo) * Float($0) / Float(max(n - 1, 1)) })
        }
    }
}

/// Measured agreement of one derivative check (relative errors).
struct DerivativeReport: CustomStringConvertible {
    var forward: Double?
    var gradient: Double
    var hessianVector: Double
    var description: String {
        let f = forward.map { String(format: "%.1e", $0) } ?? "   –   "
        return "forward \(f)  gradient \(String(format: "%.1e", gradient))  Hv \(String(format: "%.1e", hessianVector))"
    }
}

/// Checks `f`'s first and second derivatives against central finite differences.
///
/// `f` is wrapped in the scalar loss ℓ(y) = Σ r ⊙ y² + s ⊙ y³ with random r, s, so even a linear `f`
/// has a non-trivial, input-dependent Hessian, and binary ops get cross-derivatives. The finite
/// differences evaluate ℓ in Double on `f`'s Float32 output and use Richardson extrapolation over the
/// steps h and h/2 (error O(h⁴)).
///
/// - First order: ⟨∇L, v⟩ vs (L(x + hv) − L(x − hv)) / 2h along a random direction v.
/// - Second order: the Hessian–vector product ∇⟨∇L, v⟩ (with `createGraph: true`) vs
///   (∇L(x + hv) − ∇L(x − hv)) / 2h, compared as whole vectors.
struct DerivativeCheck {
    let inputs: [Tensor]
    let f: ([Tensor]) -> Tensor
    var step: Float = 1e-2
    var seed: UInt64 = 1

    private func loss(_ y: Tensor, _ r: Tensor, _ s: Tensor) -> Tensor {
        let square = y * y
        return (r * square + s * square * y).sum()
    }

    private func lossValue(_ y: Tensor, _ r: [Double], _ s: [Double]) -> Double {
        var total: Double = 0
        for (i, v) in y.scalars.enumerated() { let d = Double(v); total += r[i] * d * d + s[i] * d * d * d }
        return total
    }

    private func shifted(_ step: Float, _ v: [Tensor]) -> [Tensor] {
        zip(inputs, v).map { x, d in
            Tensor(shape: x.shape, scalars: zip(x.scalars, d.scalars).map { $0 + step * $1 })
        }
    }

    private func richardson(_ estimate: (Float) -> [Double]) -> [Double] {
        let coarse = estimate(step), fine = estimate(step / 2)
        return zip(coarse, fine).map { (4 * $1 - $0) / 3 }
    }

    func run() -> DerivativeReport {
        var rng = RandomGenerator(seed: seed)
        let y0 = withoutRecording { f(inputs) }
        let r = Tensor.randomUniform(y0.shape, lower: -1, upper: 1, generator: &rng)
        let s = Tensor.randomUniform(y0.shape, lower: -1, upper: 1, generator: &rng)
        let (rd, sd) = (r.scalars.map(Double.init), s.scalars.map(Double.init))
        let v = inputs.map { Tensor.randomUniform($0.shape, lower: -1, upper: 1, generator: &rng) }

        func gradientsAt(_ xs: [Tensor], createGraph: Bool = false) -> (loss: Tensor, vars: [Tensor], grads: [Tensor]) {
            let vars = xs.map { $0.requiringGradient() }
            let l = loss(f(vars), r, s)
            return (l, vars, gradients(of: l, wrt: vars, createGraph: createGraph))
        }

        // First order.
        let (l0, _, grads) = gradientsAt(inputs)
        XCTAssertEqual(Double(l0.item), lossValue(y0, rd, sd), accuracy: 1e-4 * max(1, abs(Double(l0.item))), "loss value")
        let analytic = zip(grads, v).reduce(0.0) { $0 + dot($1.0, $1.1) }
        let numeric = richardson { h in
            [(lossValue(f(shifted(h, v)), rd, sd) - lossValue(f(shifted(-h, v)), rd, sd)) / (2 * Double(h))]
        }[0]
        let bound = zip(grads, v).reduce(0.0) { $0 + norm($1.0.scalars) * norm($1.1.scalars) }
        let gradientError = relativeError(abs(analytic - numeric), max(abs(analytic), abs(numeric), 0.05 * bound))

        // Second order: Hv through the recorded backward pass.
        let (_, vars, firstOrder) = gradientsAt(inputs, createGraph: true)
        for (a, b) in zip(firstOrder, grads) {
            XCTAssertEqual(a.scalars, b.scalars, "createGraph must not change the gradient's value")
        }
        let directional = zip(firstOrder, v).map { ($0 * $1).sum() }.reduce(Tensor(0)) { $0 + $1 }
        let hv = gradients(of: directional, wrt: vars).flatMap { $0.scalars.map(Double.init) }
        let numericHv = richardson { h in
            let plus = gradientsAt(shifted(h, v)).grads, minus = gradientsAt(shifted(-h, v)).grads
            return zip(plus, minus).flatMap { zip($0.scalars, $1.scalars).map { (Double($0) - Double($1)) / (2 * Double(h)) } }
        }
        let hvError = relativeError(norm(zip(hv, numericHv).map { $0 - $1 }), max(norm(hv), norm(numericHv)))
        return DerivativeReport(forward: nil, gradient: gradientError, hessianVector: hvError)
    }
}

/// `difference / scale`, with 0/0 = 0 (both sides exactly zero, e.g. step and sign).
func relativeError(_ difference: Double, _ scale: Double) -> Double {
    difference == 0 ? 0 : difference / scale
}

func dot(_ a: Tensor, _ b: Tensor) -> Double {
    zip(a.scalars, b.scalars).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
}

func norm<S: Sequence>(_ values: S) -> Double where S.Element: BinaryFloatingPoint {
    values.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot()
}

/// Largest elementwise error relative to max(1, |expected|); `.infinity` on a shape mismatch.
func forwardError(_ actual: Tensor, _ expected: NDArray) -> Double {
    guard actual.shape == expected.shape else { return .infinity }
    var worst: Double = 0
    for (a, e) in zip(actual.scalars, expected.values) {
        let error = abs(Double(a) - e) / max(1, abs(e))
        if !(error <= worst) { worst = error }
    }
    return worst
}
