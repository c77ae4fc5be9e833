/// Eight single-precision lanes: one AVX2 register on x86-64 (this module is compiled for Haswell,
/// Package.swift), two NEON registers on arm64.
typealias Lanes = SIMD8<Float>

/// Eight floats from `pointer`, without any alignment requirement.
@inline(__always)
func loadLanes(_ pointer: UnsafePointer<Float>) -> Lanes {
    UnsafeRawPointer(pointer).loadUnaligned(as: Lanes.self)
}

/// Stores eight floats at `pointer`, without any alignment requirement.
@inline(__always)
func storeLanes(_ lanes: Lanes, _ pointer: UnsafeMutablePointer<Float>) {
    UnsafeMutableRawPointer(pointer).storeBytes(of: lanes, as: Lanes.self)
}

/// `value` in every lane.
@inline(__always)
func broadcast(_ value: Float) -> Lanes { Lanes(repeating: value) }

/// Stores the first `count` lanes of `vector` at `pointer`: one vector store when `count` is the
/// vector's width, otherwise by way of a copy in memory (a loop over lanes would move each lane out
/// of its register on its own).
@inlinable @inline(__always)
public func storePrefix<V: SIMD>(_ vector: V, _ pointer: UnsafeMutablePointer<V.Scalar>, count: Int) {
    if count == V.scalarCount { return UnsafeMutableRawPointer(pointer).storeBytes(of: vector, as: V.self) }
    withUnsafeBytes(of: vector) { bytes in
        pointer.update(from: bytes.baseAddress!.assumingMemoryBound(to: V.Scalar.self), count: count)
    }
}

/// The first `count` elements at `pointer` (at most the vector's width), zeros after them; nothing
/// past them is read.
@inlinable @inline(__always)
public func loadPrefix<V: SIMD>(_ pointer: UnsafePointer<V.Scalar>, count: Int) -> V {
    var value = V()
    withUnsafeMutableBytes(of: &value) { bytes in
        bytes.baseAddress!.assumingMemoryBound(to: V.Scalar.self).update(from: pointer, count: count)
    }
    return value
}
