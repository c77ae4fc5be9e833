import Kernels

/// An immutable n-dimensional Float32 array, row-major, that may carry a link into the recorded
/// computation graph. Operations return new tensors; nothing is mutated in place. A tensor takes
/// part in differentiation when it is a variable (`requiringGradient()`) or was computed from one
/// while recording (the default; see `withoutRecording`).
public struct Tensor: @unchecked Sendable {
    /// Extent of each axis; `[]` is a scalar.
    public let shape: [Int]
    /// Mutated only by `accumulate(_:)`, and only while no one else references the storage.
    private(set) var storage: TensorStorage
    let node: GraphNode?

    init(shape: [Int], storage: TensorStorage, node: GraphNode?) {
        self.shape = shape
        self.storage = storage
        self.node = node
    }

    /// A constant tensor with the given shape and row-major scalars.
    public init(shape: [Int], scalars: [Float]) {
        precondition(shape.allSatisfy { $0 >= 0 }, "Tensor: negative extent in shape \(shape)")
        precondition(Shapes.count(shape) == scalars.count,
                     "Tensor: shape \(shape) needs \(Shapes.count(shape)) scalars, got \(scalars.count)")
        self.init(shape: shape, storage: scalars.withUnsafeBufferPointer { TensorStorage(copying: $0) }, node: nil)
    }

    /// A constant tensor filled with `value`.
    public init(repeating value: Float, shape: [Int]) {
        self.init(shape: shape, storage: TensorStorage(repeating: value, count: Shapes.count(shape)), node: nil)
    }

    /// A constant rank-0 tensor.
    public init(_ scalar: Float) { self.init(repeating: scalar, shape: []) }

    /// Zeros of the given shape.
    public static func zeros(_ shape: [Int]) -> Tensor { Tensor(repeating: 0, shape: shape) }
    /// Ones of the given shape.
    public static func ones(_ shape: [Int]) -> Tensor { Tensor(repeating: 1, shape: shape) }

    /// A constant tensor filled by `body`, which must write all `count` elements.
    public init(shape: [Int], initializingWith body: (UnsafeMutableBufferPointer<Float>) throws -> Void) rethrows {
        let storage = TensorStorage(count: Shapes.count(shape))
        try body(UnsafeMutableBufferPointer(start: storage.pointer, count: storage.count))
        self.init(shape: shape, storage: storage, node: nil)
    }

    /// Number of elements.
    public var count: Int { storage.count }
    /// Number of axes.
    public var rank: Int { shape.count }
    /// The elements in row-major order.
    public var scalars: [Float] { Array(UnsafeBufferPointer(start: storage.pointer, count: storage.count)) }
    /// The single element of a one-element tensor.
    public var item: Float {
        precondition(count == 1, "item: tensor of shape \(shape) has \(count) elements, not 1")
        return storage.pointer.pointee
    }

    /// Read-only access to the elements.
    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(start: storage.pointer, count: storage.count))
    }

    /// True when gradients can flow to this tensor (it is a variable or was computed from one).
    public var requiresGradient: Bool { node != nil }

    /// The same values as a fresh graph leaf: a variable to differentiate with respect to.
    public func requiringGradient() -> Tensor {
        Tensor(shape: shape, storage: storage, node: GraphNode(op: nil, inputs: [], outputShape: shape, outputStorage: storage))
    }

    /// The same values with no link to the graph (a constant).
    public func detached() -> Tensor { Tensor(shape: shape, storage: storage, node: nil) }

    /// `self += other` (same shape, constants only): in place when this tensor is the sole owner
    /// of its elements, otherwise into a fresh buffer. Lets a backward pass that records no graph
    /// sum gradient contributions without allocating.
    mutating func accumulate(_ other: Tensor) {
        precondition(node == nil && other.shape == shape, "accumulate: \(shape) += \(other.shape) on a graph tensor")
        if isKnownUniquelyReferenced(&storage) && storage !== other.storage {
            Elementwise.binary(.add, storage.pointer, other.storage.pointer, into: storage.pointer, count: count)
        } else {
            self = withoutRecording { self + other }
        }
    }

    /// A stable identity for graph bookkeeping: tensors made by the same op call share it.
    var identity: ObjectIdentifier? { node.map(ObjectIdentifier.init) }
}

extension Tensor: CustomStringConvertible {
    public var description: String {
        let preview = scalars.prefix(8).map { String(format: "%.4g", Double($0)) }.joined(separator: ", ")
        return "Tensor(\(shape)\(requiresGradient ? ", grad" : ""): [\(preview)\(count > 8 ? ", …" : "")])"
    }
}

import Foundation
