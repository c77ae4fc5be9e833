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
    let order = topologicalOrder(from: root, reaching: targets)
    var pending: [ObjectIdentifier: Tensor] = [ObjectIdentifier(root): seed ?? Tensor.ones(y.shape)]
    let relevant = Set(order.map(ObjectIdentifier.init))

    let backward = {
        for node in order.reversed() {
            guard let op = node.op, let g = pending[ObjectIdentifier(node)] else { continue }
            if !targets.contains(ObjectIdentifier(node)) { pending[ObjectIdentifier(node)] = nil }
            let needs = node.inputs.map { $0.node.map { relevant.contains(ObjectIdentifier($0)) } ?? false }
            guard needs.contains(true) else { continue }
            let inputGradients = op.vjp(inputs: node.inputs, output: node.output, gradient: g, needs: needs)
            for (input, gradient) in zip(node.inputs, inputGradients) {
                guard let gradient, let id = input.identity, relevant.contains(id) else { continue }
                pending[id] = pending[id].map { $0 + gradient } ?? gradient
            }
        }
    }
    if createGraph { withRecording(backward) } else { withoutRecording(backward) }
    return wrt.map { x in x.identity.flatMap { pending[$0] } ?? Tensor.zeros(x.shape) }
}

/// Gradient of a scalar with respect to one tensor.
public func gradient(of y: Tensor, wrt x: Tensor, createGraph: Bool = false) -> Tensor {
    gradients(of: y, wrt: [x], createGraph: createGraph)[0]
}

/// Nodes between `root` and any of `targets`, in topological order (inputs before users).
func topologicalOrder(from root: GraphNode, reaching targets: Set<ObjectIdentifier>) -> [GraphNode] {
    var order: [GraphNode] = []
    var reaches: [ObjectIdentifier: Bool] = [:]
    var stack: [(node: GraphNode, expanded: Bool)] = [(root, false)]
    while let (node, expanded) = stack.popLast() {
        let id = ObjectIdentifier(node)
        if expanded {
            let viaInputs = node.inputs.contains { $0.node.map { reaches[ObjectIdentifier($0)] == true } ?? false }
            let hit = targets.contains(id) || viaInputs
            reaches[id] = hit
            if hit { order.append(node) }
            continue
        }
        if reaches[id] != nil { continue }
        reaches[id] = false  // visiting; final value set when expanded
        stack.append((node, true))
        for input in node.inputs {
            if let child = input.node, reaches[ObjectIdentifier(child)] == nil { stack.append((child, false)) }
        }
    }
    return order
}
