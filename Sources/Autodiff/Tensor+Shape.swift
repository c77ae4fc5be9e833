import Kernels

// Layout operations: reshape, permute, expand, slice, pad, concatenation.
extension Tensor {
    /// The same elements with a new shape; one extent may be −1 (inferred).
    public func reshaped(_ shape: [Int]) -> Tensor {
        var target = shape
        if let hole = shape.firstIndex(of: -1) {
            let known = shape.enumerated().filter { $0.offset != hole }.map(\.element).reduce(1, *)
            precondition(known > 0 && count % known == 0, "reshape: cannot reshape \(self.shape) to \(shape)")
            target[hole] = count / known
        }
        return target == self.shape ? self : .apply(.reshape(target), [self])
    }

    /// Flattens all axes after the first: [N, …] → [N, rest].
    public func flattenedBatch() -> Tensor { reshaped([shape[0], -1]) }

    /// Reorders axes: result axis i is input axis `order[i]`.
    public func permuted(_ order: [Int]) -> Tensor { order == Array(0..<rank) ? self : .apply(.permute(order), [self]) }

    /// Transpose of a matrix.
    public var transposed: Tensor { permuted([1, 0]) }

    /// Broadcasts to `shape` (NumPy rules), copying.
    public func expanded(to shape: [Int]) -> Tensor { shape == self.shape ? self : .apply(.expand(shape), [self]) }

    /// The box `lower ..< upper` (per axis, step 1).
    public func sliced(lower: [Int], upper: [Int]) -> Tensor {
        lower.allSatisfy({ $0 == 0 }) && upper == shape ? self : .apply(.slice(lower: lower, upper: upper), [self])
    }

    /// Elements `range` along `axis`, all of every other axis.
    public func sliced(axis: Int, _ range: Range<Int>) -> Tensor {
        let a: Int
        do { a = try Shapes.axis(axis, rank: rank, op: "slice") } catch { preconditionFailure(error.description) }
        var lower = [Int](repeating: 0, count: rank), upper = shape
        lower[a] = range.lowerBound; upper[a] = range.upperBound
        return sliced(lower: lower, upper: upper)
    }

    /// Zero padding: `before[i]` and `after[i]` elements on each side of axis i.
    public func padded(before: [Int], after: [Int]) -> Tensor {
        (before + after).allSatisfy({ $0 == 0 }) ? self : .apply(.pad(before: before, after: after), [self])
    }

    /// Sums `self` down to `shape` (the adjoint of broadcasting `shape` up to `self.shape`).
    public func summed(toShape target: [Int]) -> Tensor {
        if target == shape { return self }
        let offset = rank - target.count
        precondition(offset >= 0, "sumToShape: cannot reduce \(shape) to \(target)")
        let axes = (0..<rank).filter { $0 < offset || (target[$0 - offset] == 1 && shape[$0] != 1) }
        let reduced = axes.isEmpty ? self : Tensor.apply(.sum(axes: axes), [self])
        return reduced.reshaped(target)
    }
}

/// Concatenation along `axis`, built from pads (its adjoint is slicing).
public func concatenate(_ tensors: [Tensor], axis: Int) -> Tensor {
    precondition(!tensors.isEmpty, "concatenate: no tensors")
    let rank = tensors[0].rank
    let a: Int
    do { a = try Shapes.axis(axis, rank: rank, op: "concatenate") } catch { preconditionFailure(error.description) }
    for t in tensors {
        precondition(t.rank == rank && (0..<rank).allSatisfy { $0 == a || t.shape[$0] == tensors[0].shape[$0] },
                     "concatenate: shapes \(tensors.map(\.shape)) differ off axis \(a)")
    }
    if tensors.count == 1 { return tensors[0] }
    let total = tensors.reduce(0) { $0 + $1.shape[a] }
    var start = 0
    var result: Tensor?
    for t in tensors {
        var before = [Int](repeating: 0, count: rank), after = before
        before[a] = start; after[a] = total - start - t.shape[a]
        start += t.shape[a]
        let piece = t.padded(before: before, after: after)
        result = result.map { $0 + piece } ?? piece
    }
    return result!
}
