import Kernels

// Convolution and pooling on NCHW tensors.
extension Tensor {
    /// 2-D cross-correlation of `self` [N, C, H, W] with `weight` [O, C, kH, kW], as PyTorch's
    /// `F.conv2d` (no bias; add it by broadcasting).
    public func conv2d(_ weight: Tensor, stride: Int = 1, padding: Int = 0) -> Tensor {
        .apply(.conv2d(stride: stride, padding: padding), [self, weight])
    }

    /// Average pooling with a square `kernel` and `stride` (default: the kernel size).
    public func avgPool2d(kernel: Int, stride: Int? = nil) -> Tensor {
        .apply(.avgPool2d(kernel: kernel, stride: stride ?? kernel), [self])
    }

    /// Max pooling with a square `kernel` and `stride` (default: the kernel size). The argmax is
    /// fixed at the forward pass; the value is a gather, so it differentiates to any order.
    public func maxPool2d(kernel: Int, stride: Int? = nil) -> Tensor {
        let s = stride ?? kernel
        let outShape: [Int]
        do { outShape = try Op.pooledShape(shape, kernel: kernel, stride: s, op: "maxPool2d") }
        catch { preconditionFailure(error.description) }
        let indices = Pooling.maxIndices(storage.pointer, planes: shape[0] * shape[1], height: shape[2],
                                         width: shape[3], kernel: kernel, stride: s)
        return gathered(IndexList(indices), shape: outShape)
    }

    /// `result[i] = self.flat[indices[i]]`, shaped `shape`. Indices must be in range.
    public func gathered(_ indices: IndexList, shape: [Int]) -> Tensor {
        precondition(indices.indices.allSatisfy { $0 >= 0 && Int($0) < count },
                     "gather: an index is out of range for \(self.shape)")
        return .apply(.gather(indices: indices, sourceShape: self.shape, shape: shape), [self])
    }

    /// Mean over the spatial axes: [N, C, H, W] → [N, C].
    public func globalAveragePool() -> Tensor { mean(axes: [2, 3]) }
}
