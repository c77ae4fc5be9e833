import Autodiff

/// Functional SGD with optional momentum (PyTorch's `torch.optim.SGD` update rule). Returns new
/// parameters; when the inputs carry a graph the update is differentiable.
public struct SGD: Sendable {
    public let learningRate: Float
    public let momentum: Float

    public init(learningRate: Float, momentum: Float = 0) {
        self.learningRate = learningRate; self.momentum = momentum
    }

    /// One step: v ← μ·v + g (v = g at the first step), θ ← θ − lr·v, computed as θ + v·(−lr):
    /// the same numbers (negation is exact), and its VJP scales the gradient by −lr in one pass
    /// over the parameters instead of negating it and then scaling it.
    public func step(_ parameters: [Tensor], gradients: [Tensor], velocity: [Tensor]?) -> (parameters: [Tensor], velocity: [Tensor]?) {
        precondition(parameters.count == gradients.count, "SGD: \(parameters.count) parameters, \(gradients.count) gradients")
        if momentum == 0 {
            return (zip(parameters, gradients).map { $0 + $1 * (-learningRate) }, nil)
        }
        let v = velocity.map { zip($0, gradients).map { $0 * momentum + $1 } } ?? gradients
        return (zip(parameters, v).map { $0 + $1 * (-learningRate) }, v)
    }
}

/// Functional Adam (Kingma & Ba 2015, PyTorch's update with bias correction).
public struct Adam: Sendable {
    public let beta1: Float, beta2: Float, epsilon: Float

    /// Moment estimates and step count.
    public struct State: Sendable {
        public var first: [Tensor], second: [Tensor], step: Int
        public init(like parameters: [Tensor]) {
            first = parameters.map { Tensor.zeros($0.shape) }; second = first; step = 0
        }
    }

    public init(beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8) {
        self.beta1 = beta1; self.beta2 = beta2; self.epsilon = epsilon
    }

    /// One step with learning rate `learningRate`: θ ← θ − lr·m̂/(√v̂ + ε).
    public func step(_ parameters: [Tensor], gradients: [Tensor], state: State, learningRate: Float) -> ([Tensor], State) {
        precondition(parameters.count == gradients.count, "Adam: \(parameters.count) parameters, \(gradients.count) gradients")
        var next = state
        next.step += 1
        next.first = zip(state.first, gradients).map { $0 * beta1 + $1 * (1 - beta1) }
        next.second = zip(state.second, gradients).map { $0 * beta2 + $1.squared() * (1 - beta2) }
        let c1 = 1 - powf(beta1, Float(next.step)), c2 = 1 - powf(beta2, Float(next.step))
        let updated = parameters.indices.map { i in
            parameters[i] - (next.first[i] / c1) / ((next.second[i] / c2).sqrt() + epsilon) * learningRate
        }
        return (updated, next)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
