import Kernels

extension Tensor {
    /// Applies a primitive op: validates shapes (a misuse stops with a message naming the op and the
    /// shapes), runs the forward kernel and records a graph node when recording is on and any input
    /// requires a gradient.
    static func apply(_ op: Op, _ inputs: [Tensor]) -> Tensor {
        let shape: [Int]
        do { shape = try op.outputShape(inputs) } catch { preconditionFailure(error.description) }
        let storage = op.forward(inputs, shape: shape)
        let records = Recording.isEnabled && inputs.contains { $0.node != nil }
        let node = records ? GraphNode(op: op, inputs: inputs, outputShape: shape, outputStorage: storage) : nil
        return Tensor(shape: shape, storage: storage, node: node)
    }

    /// The shape an op would produce, or the `ShapeError` it would stop with (for callers that
    /// validate user input before computing).
    public static func validate(_ op: Op, _ inputs: [Tensor]) throws(ShapeError) -> [Int] {
        try op.outputShape(inputs)
    }
}
