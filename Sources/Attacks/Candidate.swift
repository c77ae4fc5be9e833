import Autodiff
import Kernels

/// One set of unknowns being optimised: the images X and (when labels are unknown) the label
/// logits Y, with their optimiser state.
struct Candidate {
    let imageShape: [Int]
    let classes: Int
    var x: [Float]
    var y: [Float]?
    private var imageAdam: AdamOptimizer?
    private var labelAdam: AdamOptimizer?
    private var lbfgs: LBFGSOptimizer?

    init(imageShape: [Int], classes: Int, labelsFixed: Bool, configuration: InversionConfiguration, prior: Tensor?,
         generator: inout RandomGenerator) {
        self.imageShape = imageShape
        self.classes = classes
        let count = Shapes.count(imageShape)
        switch configuration.initialization {
        case .prior:
            let p = prior!.scalars
            x = (0..<count).map { p[$0 % p.count] }
        case .uniform:
            x = (0..<count).map { _ in generator.nextUniform() }
        case .normal:
            x = (0..<count).map { _ in generator.nextNormal() }
        }
        y = labelsFixed ? nil : (0..<(imageShape[0] * classes)).map { _ in generator.nextNormal() }
        switch configuration.optimizer {
        case .adam(let b1, let b2), .signedAdam(let b1, let b2):
            let signed = if case .signedAdam = configuration.optimizer { true } else { false }
            imageAdam = AdamOptimizer(count: count, beta1: b1, beta2: b2, signed: signed)
            if let y { labelAdam = AdamOptimizer(count: y.count, beta1: b1, beta2: b2, signed: signed) }
        case .lbfgs(let history):
            lbfgs = LBFGSOptimizer(history: history)
        }
    }

    var converged: Bool { lbfgs?.converged ?? false }

    /// One optimiser step, then the box constraint and Langevin noise.
    mutating func step(gradientX: [Float], gradientY: [Float]?, learningRate: Float,
                       configuration: InversionConfiguration, generator: inout RandomGenerator) {
        if lbfgs != nil {
            var joint = x + (y ?? [])
            lbfgs!.step(&joint, gradient: gradientX + (gradientY ?? []), learningRate: learningRate)
            x = Array(joint[0..<x.count])
            if y != nil { y = Array(joint[x.count...]) }
        } else {
            imageAdam!.step(&x, gradient: gradientX, learningRate: learningRate)
            if y != nil, let gradientY { labelAdam!.step(&y!, gradient: gradientY, learningRate: learningRate) }
        }
        if configuration.langevinScale > 0 {
            let scale = configuration.langevinScale * learningRate
            for i in x.indices { x[i] += scale * generator.nextNormal() }
        }
        if configuration.boxConstraint {
            for i in x.indices { x[i] = min(max(x[i], 0), 1) }
        }
    }

    /// Element-wise mean of several equally long arrays.
    static func mean(_ arrays: [[Float]]) -> [Float] {
        var result = [Float](repeating: 0, count: arrays[0].count)
        for array in arrays { for i in result.indices { result[i] += array[i] } }
        let scale = 1 / Float(arrays.count)
        return result.map { $0 * scale }
    }

    /// The argmax of each row of a row-major [rows, classes] array.
    static func argmaxRows(_ values: [Float], classes: Int) -> [Int] {
        stride(from: 0, to: values.count, by: classes).map { start in
            values[start..<(start + classes)].enumerated().max { $0.element < $1.element }!.offset
        }
    }
}
