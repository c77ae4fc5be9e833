/// An immutable, contiguous Float32 buffer. It is written only while the tensor that owns it is
/// being built; after that it is shared read-only, which is what makes `Tensor` safe to share.
final class TensorStorage: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<Float>
    let count: Int

    /// Uninitialised storage for `count` floats; the creator must write every element.
    init(count: Int) {
        self.count = count
        pointer = UnsafeMutablePointer<Float>.allocate(capacity: max(count, 1))
    }

    convenience init(repeating value: Float, count: Int) {
        self.init(count: count)
        pointer.initialize(repeating: value, count: count)
    }

    convenience init(copying buffer: UnsafeBufferPointer<Float>) {
        self.init(count: buffer.count)
        if let base = buffer.baseAddress { pointer.initialize(from: base, count: buffer.count) }
    }

    deinit { pointer.deallocate() }
}

/// A node of the recorded computation graph: the primitive op that made a tensor and the tensors it
/// read. Leaves (variables) have no op. The node keeps the output's storage (not the output tensor,
/// which would be a cycle) so VJPs can use the forward result.
final class GraphNode: @unchecked Sendable {
    let op: Op?
    /// Mutated only by `deinit`, on nodes nothing else references.
    private(set) var inputs: [Tensor]
    let outputShape: [Int]
    let outputStorage: TensorStorage

    init(op: Op?, inputs: [Tensor], outputShape: [Int], outputStorage: TensorStorage) {
        self.op = op
        self.inputs = inputs
        self.outputShape = outputShape
        self.outputStorage = outputStorage
    }

    /// Releases the graph behind this node iteratively. The default release would recurse once per
    /// node along a chain (node → inputs → node …) and overflow the stack on deep unrolled graphs
    /// (tens of thousands of ops on the main thread, fewer on worker threads). Inputs that only this
    /// node keeps alive are detached from their own inputs first, so each release is shallow.
    deinit {
        var stack = inputs.compactMap(\.node)
        inputs.removeAll()
        while var node = stack.popLast() {
            if isKnownUniquelyReferenced(&node) {
                stack.append(contentsOf: node.inputs.compactMap(\.node))
                node.inputs.removeAll()
            }
        }
    }

    /// The output tensor this node describes, rebuilt with its graph link.
    var output: Tensor { Tensor(shape: outputShape, storage: outputStorage, node: self) }
}
