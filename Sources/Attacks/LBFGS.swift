/// L-BFGS without line search, following PyTorch's `torch.optim.LBFGS` (lr 1, history 100,
/// first step scaled by min(1, 1/‖g‖₁)), as DLG uses it. Each call to `step` consumes one
/// function evaluation, so the attack's iteration budget counts evaluations.
struct LBFGSOptimizer {
    let history: Int
    private var directions: [[Float]] = []   // y_i = g_{i+1} − g_i
    private var steps: [[Float]] = []        // s_i = t·d_i
    private var rho: [Float] = []
    private var hessianDiagonal: Float = 1
    private var previousGradient: [Float]?
    private var lastStep: [Float]?
    private(set) var converged = false

    init(history: Int) { self.history = history }

    /// Given the gradient at the current point, moves `values` to the next point.
    mutating func step(_ values: inout [Float], gradient g: [Float], learningRate: Float) {
        if g.allSatisfy({ abs($0) <= 1e-7 }) { converged = true; return }
        var direction: [Float]
        if let previous = previousGradient, let s = lastStep {
            let y = zip(g, previous).map { $0 - $1 }
            let ys = dot(y, s)
            if ys > 1e-10 {
                if directions.count == history { directions.removeFirst(); steps.removeFirst(); rho.removeFirst() }
                directions.append(y); steps.append(s); rho.append(1 / ys)
                hessianDiagonal = ys / dot(y, y)
            }
            // Two-loop recursion.
            var q = g.map { -$0 }
            var alpha = [Float](repeating: 0, count: directions.count)
            for i in directions.indices.reversed() {
                alpha[i] = dot(steps[i], q) * rho[i]
                for j in q.indices { q[j] -= alpha[i] * directions[i][j] }
            }
            direction = q.map { $0 * hessianDiagonal }
            for i in directions.indices {
                let beta = dot(directions[i], direction) * rho[i]
                for j in direction.indices { direction[j] += steps[i][j] * (alpha[i] - beta) }
            }
        } else {
            direction = g.map { -$0 }
        }
        let t = previousGradient == nil ? min(1, 1 / g.reduce(0) { $0 + abs($1) }) * learningRate : learningRate
        if dot(g, direction) > -1e-9 { converged = true; return }
        previousGradient = g
        let s = direction.map { $0 * t }
        for i in values.indices { values[i] += s[i] }
        lastStep = s
        if s.allSatisfy({ abs($0) <= 1e-9 }) { converged = true }
    }

    private func dot(_ a: [Float], _ b: [Float]) -> Float {
        var sum: Float = 0
        for i in a.indices { sum += a[i] * b[i] }
        return sum
    }
}
