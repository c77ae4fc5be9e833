/// A misuse of an operation: incompatible shapes, a bad axis, a wrong rank. The message names the
/// operation and the shapes involved, for example `add: shapes [2, 3] and [4] are not broadcastable`.
public struct ShapeError: Error, CustomStringConvertible, Equatable, Sendable {
    public let op: String
    public let message: String
    public init(_ op: String, _ message: String) { self.op = op; self.message = message }
    public var description: String { "\(op): \(message)" }
}

/// Shape arithmetic shared by the kernels and the tensor layer.
public enum Shapes {
    /// Row-major (C-contiguous) strides of `shape`.
    @inlinable
    public static func strides(_ shape: [Int]) -> [Int] {
        var strides = [Int](repeating: 1, count: shape.count)
        var running = 1
        for axis in shape.indices.reversed() { strides[axis] = running; running *= shape[axis] }
        return strides
    }

    /// Number of elements of `shape`.
    @inlinable
    public static func count(_ shape: [Int]) -> Int { shape.reduce(1, *) }

    /// NumPy broadcasting of two shapes.
    public static func broadcast(_ a: [Int], _ b: [Int], op: String) throws(ShapeError) -> [Int] {
        let rank = max(a.count, b.count)
        var result = [Int](repeating: 1, count: rank)
        for i in 0..<rank {
            let da = i < rank - a.count ? 1 : a[i - (rank - a.count)]
            let db = i < rank - b.count ? 1 : b[i - (rank - b.count)]
            if da == db || db == 1 { result[i] = da } else if da == 1 { result[i] = db } else {
                throw ShapeError(op, "shapes \(a) and \(b) are not broadcastable")
            }
        }
        return result
    }

    /// Strides that read an array of `shape` as if it had the (broadcast) shape `target`:
    /// broadcast axes get stride 0.
    public static func broadcastStrides(_ shape: [Int], to target: [Int]) -> [Int] {
        let own = strides(shape)
        let offset = target.count - shape.count
        return (0..<target.count).map { i in
            i < offset || shape[i - offset] == 1 ? 0 : own[i - offset]
        }
    }

    /// Normalises a possibly negative axis and checks it against `rank`.
    public static func axis(_ axis: Int, rank: Int, op: String) throws(ShapeError) -> Int {
        let normalised = axis < 0 ? axis + rank : axis
        guard normalised >= 0 && normalised < rank else {
            throw ShapeError(op, "axis \(axis) is out of range for rank \(rank)")
        }
        return normalised
    }
}
