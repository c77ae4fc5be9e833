import Kernels

// Reductions. Reduced axes are dropped unless `keepingAxes` is set.
extension Tensor {
    /// Sum of all elements (a scalar).
    public func sum() -> Tensor { sum(axes: Array(0..<rank)) }

    /// Sum over `axes` (negative axes count from the end).
    public func sum(axes: [Int], keepingAxes: Bool = false) -> Tensor {
        let normalised: [Int]
        do { normalised = try axes.map { a throws(ShapeError) in try Shapes.axis(a, rank: rank, op: "sum") } }
        catch { preconditionFailure(error.description) }
        let reduced = normalised.isEmpty ? self : Tensor.apply(.sum(axes: normalised.sorted()), [self])
        if keepingAxes { return reduced }
        return reduced.reshaped(shape.indices.filter { !normalised.contains($0) }.map { shape[$0] })
    }

    /// Mean of all elements.
    public func mean() -> Tensor { sum() / Float(max(count, 1)) }

    /// Mean over `axes`.
    public func mean(axes: [Int], keepingAxes: Bool = false) -> Tensor {
        let n = axes.map { shape[$0 < 0 ? $0 + rank : $0] }.reduce(1, *)
        return sum(axes: axes, keepingAxes: keepingAxes) / Float(max(n, 1))
    }

    /// Maximum over `axes`, keeping them, as a constant (no gradient). Used to stabilise log-sum-exp,
    /// whose value does not depend on the shift.
    public func maxDetached(axes: [Int]) -> Tensor {
        let normalised = axes.map { $0 < 0 ? $0 + rank : $0 }
        let outShape = shape.indices.map { normalised.contains($0) ? 1 : shape[$0] }
        return Tensor(shape: outShape) { out in
            Reduction.max(storage.pointer, shape: shape, axes: Set(normalised), into: out.baseAddress!)
        }
    }

    /// `Σ (self − other)²` over all elements (a scalar), in one pass with no difference tensor.
    public func squaredDistance(to other: Tensor) -> Tensor { .apply(.squaredDistance, [self, other]) }

    /// Euclidean distance `√(Σ (self − other)² + ε)`; ε keeps the gradient finite where they meet.
    public func distance(to other: Tensor, epsilon: Float = 0) -> Tensor { (squaredDistance(to: other) + epsilon).sqrt() }

    /// Euclidean norm of all elements, √(Σx² + ε); ε keeps the gradient finite at zero.
    public func l2Norm(epsilon: Float = 0) -> Tensor { (squared().sum() + epsilon).sqrt() }
}
