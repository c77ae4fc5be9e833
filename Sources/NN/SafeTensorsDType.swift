import Foundation

/// The element types of the safetensors format that we read (all converted to Float32).
/// Writing uses only `F32` and, for integer-valued entries, `I64`.
public enum SafeTensorsDType: String, Sendable, CaseIterable {
    case F64, F32, F16, BF16
    case I64, I32, I16, I8
    case U64, U32, U16, U8
    case BOOL

    /// Bytes per element.
    public var size: Int {
        switch self {
        case .F64, .I64, .U64: return 8
        case .F32, .I32, .U32: return 4
        case .F16, .BF16, .I16, .U16: return 2
        case .I8, .U8, .BOOL: return 1
        }
    }

    /// True for integer and boolean types (read into `StateDict.integerNames`).
    public var isInteger: Bool {
        switch self {
        case .F64, .F32, .F16, .BF16: return false
        default: return true
        }
    }

    /// Dtypes of the format that exist but that we do not read.
    static let knownUnsupported: Set<String> = ["F8_E4M3", "F8_E5M2", "F8_E8M0", "F6_E2M3", "F6_E3M2", "F4", "C64", "C128"]

    /// Converts `count` little-endian elements at `source` (any alignment) to Float.
    func convert(_ source: UnsafeRawPointer, count: Int, into target: UnsafeMutablePointer<Float>) {
        switch self {
        case .F32:
            for i in 0..<count { target[i] = Float(bitPattern: UInt32(littleEndian: source.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self))) }
        case .F64:
            for i in 0..<count { target[i] = Float(Double(bitPattern: UInt64(littleEndian: source.loadUnaligned(fromByteOffset: 8 * i, as: UInt64.self)))) }
        case .F16:
            for i in 0..<count { target[i] = Self.halfToFloat(UInt16(littleEndian: source.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self))) }
        case .BF16:
            for i in 0..<count { target[i] = Float(bitPattern: UInt32(UInt16(littleEndian: source.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self))) << 16) }
        case .I64:
            for i in 0..<count { target[i] = Float(Int64(littleEndian: source.loadUnaligned(fromByteOffset: 8 * i, as: Int64.self))) }
        case .I32:
            for i in 0..<count { target[i] = Float(Int32(littleEndian: source.loadUnaligned(fromByteOffset: 4 * i, as: Int32.self))) }
        case .I16:
            for i in 0..<count { target[i] = Float(Int16(littleEndian: source.loadUnaligned(fromByteOffset: 2 * i, as: Int16.self))) }
        case .I8:
            for i in 0..<count { target[i] = Float(source.load(fromByteOffset: i, as: Int8.self)) }
        case .U64:
            for i in 0..<count { target[i] = Float(UInt64(littleEndian: source.loadUnaligned(fromByteOffset: 8 * i, as: UInt64.self))) }
        case .U32:
            for i in 0..<count { target[i] = Float(UInt32(littleEndian: source.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self))) }
        case .U16:
            for i in 0..<count { target[i] = Float(UInt16(littleEndian: source.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self))) }
        case .U8:
            for i in 0..<count { target[i] = Float(source.load(fromByteOffset: i, as: UInt8.self)) }
        case .BOOL:
            for i in 0..<count { target[i] = source.load(fromByteOffset: i, as: UInt8.self) != 0 ? 1 : 0 }
        }
    }

    /// IEEE 754 binary16 → binary32 (exact: every half is representable as a float).
    static func halfToFloat(_ bits: UInt16) -> Float {
        let sign = UInt32(bits & 0x8000) << 16
        let exponent = UInt32(bits >> 10) & 0x1F
        let mantissa = UInt32(bits) & 0x3FF
        switch exponent {
        case 0:
            let magnitude = Float(mantissa) * 0x1p-24          // zero or subnormal
            return sign != 0 ? -magnitude : magnitude
        case 0x1F:
            return Float(bitPattern: sign | 0x7F80_0000 | mantissa << 13)   // inf / NaN
        default:
            return Float(bitPattern: sign | (exponent + 112) << 23 | mantissa << 13)
        }
    }
}
