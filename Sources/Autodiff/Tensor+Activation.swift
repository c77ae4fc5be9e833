// Composite activations: built from primitive ops, so they carry no gradient code of their own.
extension Tensor {
    /// Logistic sigmoid 1 / (1 + e⁻ˣ).
    public func sigmoid() -> Tensor { 1 / ((-self).exp() + 1) }

    /// tanh(x) = 2·sigmoid(2x) − 1.
    public func tanh() -> Tensor { (self * 2).sigmoid() * 2 - 1 }

    /// log Σ exp over `axis` (kept), stabilised by the detached maximum.
    public func logSumExp(axis: Int) -> Tensor {
        let shift = maxDetached(axes: [axis])
        return (self - shift).exp().sum(axes: [axis], keepingAxes: true).log() + shift
    }

    /// log-softmax over `axis`.
    public func logSoftmax(axis: Int = -1) -> Tensor { self - logSumExp(axis: axis) }

    /// softmax over `axis`.
    public func softmax(axis: Int = -1) -> Tensor {
        let e = (self - maxDetached(axes: [axis])).exp()
        return e / e.sum(axes: [axis], keepingAxes: true)
    }
}
