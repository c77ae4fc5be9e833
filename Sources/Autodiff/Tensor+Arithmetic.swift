import Kernels

// Elementwise arithmetic with NumPy broadcasting, and scalar conveniences.
extension Tensor {
    public static func + (a: Tensor, b: Tensor) -> Tensor { apply(.add, [a, b]) }
    public static func - (a: Tensor, b: Tensor) -> Tensor { apply(.subtract, [a, b]) }
    public static func * (a: Tensor, b: Tensor) -> Tensor { apply(.multiply, [a, b]) }
    public static func / (a: Tensor, b: Tensor) -> Tensor { apply(.divide, [a, b]) }
    public static prefix func - (a: Tensor) -> Tensor { apply(.negate, [a]) }

    public static func + (a: Tensor, s: Float) -> Tensor { s == 0 ? a : apply(.addScalar(s), [a]) }
    public static func + (s: Float, a: Tensor) -> Tensor { a + s }
    public static func - (a: Tensor, s: Float) -> Tensor { a + (-s) }
    public static func - (s: Float, a: Tensor) -> Tensor { (-a) + s }
    public static func * (a: Tensor, s: Float) -> Tensor { s == 1 ? a : apply(.multiplyScalar(s), [a]) }
    public static func * (s: Float, a: Tensor) -> Tensor { a * s }
    public static func / (a: Tensor, s: Float) -> Tensor { a * (1 / s) }
    public static func / (s: Float, a: Tensor) -> Tensor { a.pow(-1) * s }

    /// eˣ elementwise.
    public func exp() -> Tensor { .apply(.exp, [self]) }
    /// Natural logarithm elementwise.
    public func log() -> Tensor { .apply(.log, [self]) }
    /// xᵖ elementwise for a constant exponent.
    public func pow(_ p: Float) -> Tensor { p == 1 ? self : .apply(.power(p), [self]) }
    /// √x elementwise.
    public func sqrt() -> Tensor { pow(0.5) }
    /// x² elementwise.
    public func squared() -> Tensor { pow(2) }
    /// max(x, 0) elementwise.
    public func relu() -> Tensor { .apply(.relu, [self]) }
    /// |x| elementwise.
    public func abs() -> Tensor { .apply(.abs, [self]) }
    /// 1 where x > 0, else 0 (zero gradient).
    public func step() -> Tensor { .apply(.step, [self]) }
    /// `self · mask.step()` (self where mask > 0, else 0), broadcasting, in one pass; no gradient
    /// flows to `mask`.
    public func masked(wherePositive mask: Tensor) -> Tensor { .apply(.maskPositive, [self, mask]) }
    /// The sign of x, −1, 0 or 1 (zero gradient).
    public func sign() -> Tensor { .apply(.sign, [self]) }
}

/// Matrix product `op(a) · op(b)` of two rank-2 tensors, with optional transposes.
public func matmul(_ a: Tensor, _ b: Tensor, transposeA: Bool = false, transposeB: Bool = false) -> Tensor {
    .apply(.matmul(transposeA: transposeA, transposeB: transposeB), [a, b])
}
