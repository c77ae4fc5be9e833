/// Seeded pseudo-random numbers: xoshiro256** seeded through SplitMix64. The same seed gives the same
/// sequence on every run and platform; normals come from the Box–Muller transform.
public struct RandomGenerator: RandomNumberGenerator, Sendable {
    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    public init(seed: UInt64) {
        var x = seed
        func splitMix() -> UInt64 {
            x &+= 0x9E37_79B9_7F4A_7C15
            var z = x
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s0 = splitMix(); s1 = splitMix(); s2 = splitMix(); s3 = splitMix()
    }

    public mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t
        s3 = (s3 << 45) | (s3 >> 19)
        return result
    }

    /// Uniform in [0, 1) with 24 bits of precision.
    public mutating func nextUniform() -> Float { Float(next() >> 40) * 0x1p-24 }

    /// Standard normal sample.
    public mutating func nextNormal() -> Float {
        let u1 = Double(next() >> 11) * 0x1p-53, u2 = Double(next() >> 11) * 0x1p-53
        let r = (-2 * log(max(u1, 1e-300))).squareRoot()
        return Float(r * cos(2 * Double.pi * u2))
    }

    /// Derives an independent generator for a named sub-stream (so adding draws in one place does
    /// not shift the numbers drawn elsewhere).
    public func fork(_ stream: UInt64) -> RandomGenerator {
        var copy = self
        return RandomGenerator(seed: copy.next() ^ (stream &* 0x9E37_79B9_7F4A_7C15))
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
