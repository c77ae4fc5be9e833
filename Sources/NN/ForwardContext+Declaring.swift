import Autodiff

/// How a layer's weights are initialised: the defaults of the PyTorch module it mirrors.
public enum WeightInit: Sendable, Equatable {
    /// N(0, 2/(out·k²)) for conv weights: torchvision's ResNet (`kaiming_normal_`, fan-out, ReLU).
    case kaimingNormalFanOut
    /// `nn.Conv2d` / `nn.Linear` defaults: weight and bias U(±1/√fan_in) (kaiming_uniform with a = √5).
    case pytorchDefault
    /// Weight and bias U(±bound) (DLG's LeNet: 0.5).
    case uniform(Float)
}

// Layers that declare their shapes, so one forward function both runs a model and records its
// state layout (see `ForwardContext.recording()`).
extension ForwardContext {
    /// Conv2d named `name`: weight [out, C, k, k] (C = x's channels), a bias when `bias`, as
    /// `nn.Conv2d(C, out, k, stride, padding, bias: bias)`. Recording: declares the entries and
    /// returns zeros of the output's shape.
    public mutating func conv(_ name: String, _ x: Tensor, out: Int, kernel k: Int, stride: Int = 1, padding: Int = 0,
                              bias: Bool = false, init initializer: WeightInit = .kaimingNormalFanOut) -> Tensor {
        guard isRecording else { return conv(name, x, stride: stride, padding: padding) }
        let inC = x.shape[1]
        switch (initializer, bias) {
        case (.kaimingNormalFanOut, false): declaredEntries!.append(Layout.convKaiming(name, out, inC, k))
        case (.kaimingNormalFanOut, true):
            declaredEntries! += [Layout.convKaiming(name, out, inC, k)] + [Layout.convDefault(name, out, inC, k)[1]]
        case (.pytorchDefault, _): declaredEntries! += Array(Layout.convDefault(name, out, inC, k).prefix(bias ? 2 : 1))
        case (.uniform(let bound), _):
            declaredEntries!.append(StateEntry("\(name).weight", [out, inC, k, k], .weight, .uniform(bound: bound)))
            if bias { declaredEntries!.append(StateEntry("\(name).bias", [out], .bias, .uniform(bound: bound))) }
        }
        let side = { (n: Int) in (n + 2 * padding - k) / stride + 1 }
        return .zeros([x.shape[0], out, side(x.shape[2]), side(x.shape[3])])
    }

    /// Linear layer named `name` with `out` features over x [N, in]: weight [out, in] and bias, as
    /// `nn.Linear(in, out)`. Recording: declares the entries and returns zeros [N, out].
    public mutating func linear(_ name: String, _ x: Tensor, out: Int, init initializer: WeightInit = .pytorchDefault) -> Tensor {
        guard isRecording else { return linear(name, x) }
        let inFeatures = x.shape[1]
        switch initializer {
        case .pytorchDefault: declaredEntries! += Layout.linear(name, out, inFeatures)
        case .kaimingNormalFanOut: preconditionFailure("ForwardContext: \(name): kaimingNormalFanOut is a conv initialiser")
        case .uniform(let bound):
            declaredEntries! += [StateEntry("\(name).weight", [out, inFeatures], .weight, .uniform(bound: bound)),
                                 StateEntry("\(name).bias", [out], .bias, .uniform(bound: bound))]
        }
        return .zeros([x.shape[0], out])
    }
}
