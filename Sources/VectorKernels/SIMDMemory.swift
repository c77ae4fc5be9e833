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
