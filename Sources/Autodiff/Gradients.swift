/// Reverse-mode differentiation over the recorded graph.
///
/// Returns ∂(Σ seed ⊙ y)/∂xᵢ for each tensor in `wrt` (zeros where y does not depend on it).
/// With `createGraph`, the backward pass itself is recorded, so the results can be differentiated
/// again (the attacks' loss on T unrolled SGD steps needs second order). The graph is walked with
/// an explicit stack, so unrolled graphs of any depth are fine, and only nodes that lie between
/// `y` and some `wrt` tensor are visited.
public func gradients(of y: Tensor, wrt: [Tensor], seed: Tensor? = nil, createGraph: Bool = false) -> [Tensor] {
    if let seed { precondition(seed.shape == y.shape, "gradients: seed \(seed.shape) does not match output \(y.shape)") }
    guard let root = y.node else { return wrt.map { Tensor.zeros($0.shape) } }
    let targets = Set(wrt.compactMap(\.identity))
    let (order, position) = topologicalOrder(from: root, reaching: targets)
    guard let last = order.last, last === root else { return wrt.map { Tensor.zeros($0.shape) } }
    // Pending gradients by topological position (the root is last).
    var pending = [Tensor?](repeating: nil, count: order.count)
    pending[order.count - 1] = seed ?? Tensor.ones(y.shape)
    let isTarget = order.map { targets.contains(ObjectIdentifier($0)) }

    let backward = {
        var inputPositions: [Int] = []
        for index in order.indices.reversed() {
            let node = order[index]
            guard let op = node.op, let g = pending[index] else { continue }
            if !isTarget[index] { pending[index] = nil }
            // Position of each input that lies on a path to a target, or −1.
            inputPositions.removeAll(keepingCapacity: true)
            for input in node.inputs { inputPositions.append(input.node.map { position[ObjectIdentifier($0)] ?? -1 } ?? -1) }
            guard inputPositions.contains(where: { $0 >= 0 }) else { continue }
            let inputGradients = op.vjp(inputs: node.inputs, output: node.output, gradient: g, needs: inputPositions.map { $0 >= 0 })
            for (k, gradient) in inputGradients.enumerated() {
                let p = inputPositions[k]
                guard let gradient, p >= 0 else { continue }
                guard var sum = pending[p] else { pending[p] = gradient; continue }
                pending[p] = nil
                // Without a recorded graph the running sum is a constant that may be updated in place.
                if createGraph { sum = sum + gradient } else { sum.accumulate(gradient) }
                pending[p] = sum
            }
        }
    }
    if createGraph { withRecording(backward) } else { withoutRecording(backward) }
    return wrt.map { x in x.identity.flatMap { position[$0] }.flatMap { pending[$0] } ?? Tensor.zeros(x.shape) }
}

/// Gradient of a scalar with respect to one tensor.
public func gradient(of y: Tensor, wrt x: Tensor, createGraph: Bool = false) -> Tensor {
    gradients(of: y, wrt: [x], createGraph: createGraph)[0]
}

/// Nodes between `root` and any of `targets`, in topological order (inputs before users; `root`
/// last), and each such node's position in that order (the map also holds negative entries for
/// visited nodes that reach no target).
func topologicalOrder(from root: GraphNode, reaching targets: Set<ObjectIdentifier>)
    -> (order: [GraphNode], position: [ObjectIdentifier: Int]) {
    var order: [GraphNode] = []
    var state: [ObjectIdentifier: Int] = [:]  // −2 visiting, −1 reaches no target, ≥ 0 position
    var stack: [(node: GraphNode, expanded: Bool)] = [(root, false)]
    while let (node, expanded) = stack.popLast() {
        let id = ObjectIdentifier(node)
        if expanded {
            let viaInputs = node.inputs.contains { $0.node.map { (state[ObjectIdentifier($0)] ?? -1) >= 0 } ?? false }
            if targets.contains(id) || viaInputs {
                state[id] = order.count
                order.append(node)
            } else {
                state[id] = -1
            }
            continue
        }
        if state[id] != nil { continue }
        state[id] = -2
        stack.append((node, true))
        for input in node.inputs {
            if let child = input.node, state[ObjectIdentifier(child)] == nil { stack.append((child, false)) }
        }
    }
    return (order, state)
}
