/// Iteration over an n-dimensional index space with per-operand strides, after merging axes that
/// are contiguous for every operand. The innermost (longest possible) run is handed to a closure,
/// so callers write only a tight 1-D loop.
public struct StridedLoop {
    public let shape: [Int]
    public let strides: [[Int]]

    /// Builds the loop for `shape` with one stride vector per operand, merging axes where possible
    /// and dropping axes of extent 1.
    public init(shape: [Int], strides operandStrides: [[Int]]) {
        var mergedShape: [Int] = []
        var merged: [[Int]] = Array(repeating: [], count: operandStrides.count)
        for axis in shape.indices where shape[axis] != 1 {
            if let last = mergedShape.last,
               operandStrides.indices.allSatisfy({ merged[$0].last! == operandStrides[$0][axis] * shape[axis] }) {
                mergedShape[mergedShape.count - 1] = last * shape[axis]
                for k in operandStrides.indices { merged[k][merged[k].count - 1] = operandStrides[k][axis] }
            } else {
                mergedShape.append(shape[axis])
                for k in operandStrides.indices { merged[k].append(operandStrides[k][axis]) }
            }
        }
        if mergedShape.isEmpty {
            mergedShape = [1]
            for k in merged.indices { merged[k] = [0] }
        }
        self.shape = mergedShape
        self.strides = merged
    }

    /// Calls `body(offsets, innerCount, innerStrides)` for every innermost run, where `offsets[k]` is
    /// operand k's element offset at the start of the run.
    @inlinable
    public func forEachRun(_ body: (_ offsets: [Int], _ count: Int, _ innerStrides: [Int]) -> Void) {
        forEachRun(outer: 0..<outerCount, body)
    }

    /// Number of innermost runs.
    @inlinable public var outerCount: Int { shape.dropLast().reduce(1, *) }

    /// Like `forEachRun`, but spreads the runs over threads when the loop has at least
    /// `minimumElements` elements. Only for bodies whose runs write disjoint memory.
    @inlinable
    public func forEachRunConcurrently(minimumElements: Int = Parallel.minimumElementwiseElements,
                                       _ body: (_ offsets: [Int], _ count: Int, _ innerStrides: [Int]) -> Void) {
        let total = outerCount * shape[shape.count - 1]
        let outer = outerCount
        if total < minimumElements || Parallel.threadCount == 1 {
            forEachRun(body)
        } else if outer == 1 {
            // One long run: split it.
            let n = shape[0], inner = strides.map { $0[0] }
            Parallel.forEachChunk(n) { _, range in
                body(inner.map { $0 * range.lowerBound }, range.count, inner)
            }
        } else {
            Parallel.forEachChunk(outer) { _, range in forEachRun(outer: range, body) }
        }
    }

    /// The runs whose outer (flattened) index lies in `range`.
    @inlinable
    func forEachRun(outer range: Range<Int>, _ body: (_ offsets: [Int], _ count: Int, _ innerStrides: [Int]) -> Void) {
        let rank = shape.count
        let inner = shape[rank - 1]
        let innerStrides = strides.map { $0[rank - 1] }
        var index = [Int](repeating: 0, count: rank)
        var offsets = [Int](repeating: 0, count: strides.count)
        // Decompose the first outer index.
        var remainder = range.lowerBound
        for axis in stride(from: rank - 2, through: 0, by: -1) {
            index[axis] = remainder % shape[axis]
            remainder /= shape[axis]
            for k in strides.indices { offsets[k] += index[axis] * strides[k][axis] }
        }
        for _ in range {
            body(offsets, inner, innerStrides)
            var axis = rank - 2
            while axis >= 0 {
                index[axis] += 1
                for k in strides.indices { offsets[k] += strides[k][axis] }
                if index[axis] < shape[axis] { break }
                for k in strides.indices { offsets[k] -= strides[k][axis] * shape[axis] }
                index[axis] = 0
                axis -= 1
            }
        }
    }
}

/// Strided copies: permute, broadcast (expand), slice and pad are all one of these.
public enum StridedCopy {
    /// `dst[dstOffset + Σ i·dstStrides] = src[srcOffset + Σ i·srcStrides]` over `shape`.
    public static func copy(
        shape: [Int],
        from src: UnsafePointer<Float>, sourceOffset srcOffset: Int = 0, strides srcStrides: [Int],
        to dst: UnsafeMutablePointer<Float>, destinationOffset dstOffset: Int = 0, destinationStrides dstStrides: [Int]
    ) {
        if shape.contains(0) { return }
        let loop = StridedLoop(shape: shape, strides: [srcStrides, dstStrides])
        let (src, dst) = (SendablePointer(src), SendablePointer(dst))
        loop.forEachRunConcurrently { offsets, n, inner in
            let src = UnsafePointer(src.base), dst = dst.base
            let s = src + srcOffset + offsets[0], d = dst + dstOffset + offsets[1]
            let ss = inner[0], ds = inner[1]
            if ss == 1 && ds == 1 {
                d.update(from: s, count: n)
            } else if ss == 0 && ds == 1 {
                d.update(repeating: s.pointee, count: n)
            } else {
                for i in 0..<n { d[i * ds] = s[i * ss] }
            }
        }
    }
}
