@testable import Autodiff
import Kernels
import XCTest

/// The differentiation driver: deep graphs, higher orders, and the API's contracts.
final class GraphTests: XCTestCase {
    /// 20,000 ops in a chain: y = a·y + b repeated; the topological sort is iterative, so no stack
    /// overflow. The same chain is differentiated twice (createGraph) for a 2nd-order check. It runs
    /// on a thread with a 256 KiB stack, so any recursion per graph level (in the sort, the backward
    /// pass or the release of the graph) crashes the test.
    func testDeepChainDifferentiatesToSecondOrder() {
        runWithSmallStack { Self.deepChain() }
    }

    private func runWithSmallStack(_ body: @escaping @Sendable () -> Void) {
        let done = DispatchSemaphore(value: 0)
        let thread = Thread { body(); done.signal() }
        thread.stackSize = 256 << 10
        thread.start()
        done.wait()
    }

    private static func deepChain() {
        let steps = 10_000  // two ops each
        let a: Float = 1.00005
        let b = Tensor(shape: [3], scalars: [0.001, -0.002, 0.003])
        let x = Tensor(shape: [3], scalars: [0.5, -1, 2]).requiringGradient()
        var y = x
        for _ in 0..<steps { y = y * a + b }
        let loss = (y * y).sum()
        let first = gradient(of: loss, wrt: x, createGraph: true)
        let an = pow(Double(a), Double(steps))  // y = aⁿ·x + c, so ∂L/∂x = 2aⁿ·y and ∂²L/∂x² = 2a²ⁿ
        for (g, value) in zip(first.scalars, y.scalars) {
            XCTAssertEqual(Double(g), 2 * an * Double(value), accuracy: 1e-3 * abs(2 * an * Double(value)))
        }
        let second = gradient(of: first.sum(), wrt: x)
        for h in second.scalars { XCTAssertEqual(Double(h), 2 * an * an, accuracy: 1e-3 * 2 * an * an) }
        XCTAssertGreaterThanOrEqual(depth(of: first), 2 * steps, "the backward graph is as deep as the chain")
    }

    /// Longest path (in ops) from `t` back to a leaf, computed iteratively.
    private static func depth(of t: Tensor) -> Int {
        guard let root = t.node else { return 0 }
        var memo: [ObjectIdentifier: Int] = [:]
        var stack: [(GraphNode, Bool)] = [(root, false)]
        while let (node, expanded) = stack.popLast() {
            let children = node.inputs.compactMap(\.node)
            if expanded {
                memo[ObjectIdentifier(node)] = 1 + (children.map { memo[ObjectIdentifier($0)] ?? 0 }.max() ?? -1)
            } else if memo[ObjectIdentifier(node)] == nil {
                stack.append((node, true))
                stack.append(contentsOf: children.filter { memo[ObjectIdentifier($0)] == nil }.map { ($0, false) })
            }
        }
        return memo[ObjectIdentifier(root)]!
    }

    /// d³/dx³ of x³ is 6, of eˣ is eˣ and of log x is 2/x³.
    func testThirdOrder() {
        let x = Tensor(shape: [3], scalars: [0.5, 1.5, 2]).requiringGradient()
        func third(_ f: (Tensor) -> Tensor) -> [Float] {
            let g1 = gradient(of: f(x).sum(), wrt: x, createGraph: true)
            let g2 = gradient(of: g1.sum(), wrt: x, createGraph: true)
            return gradient(of: g2.sum(), wrt: x).scalars
        }
        XCTAssertEqual(third { $0 * $0 * $0 }, [6, 6, 6])
        assertClose(third { $0.pow(3) }, [6, 6, 6], tolerance: 1e-6)
        assertClose(third { $0.exp() }, x.scalars.map { Foundation.exp($0) }, tolerance: 1e-6)
        assertClose(third { $0.log() }, x.scalars.map { 2 / ($0 * $0 * $0) }, tolerance: 1e-6)
        // Mixed third derivative ∂³(x²y)/∂x²∂y = 2 through a binary op.
        let u = Tensor(1.5).requiringGradient(), v = Tensor(-0.5).requiringGradient()
        let gx = gradient(of: u * u * v, wrt: u, createGraph: true)   // 2uv
        let gxx = gradient(of: gx, wrt: u, createGraph: true)         // 2v
        XCTAssertEqual(gradient(of: gxx, wrt: v).item, 2)
    }

    func testGradientContracts() {
        let x = Tensor(shape: [2, 2], scalars: [1, 2, 3, 4]).requiringGradient()
        let unrelated = Tensor(shape: [3], scalars: [1, 1, 1]).requiringGradient()
        let y = (x * x).sum()

        // Unrelated variables and constants get zeros of their own shape.
        let gs = gradients(of: y, wrt: [x, unrelated, Tensor.ones([2])])
        XCTAssertEqual(gs[0].scalars, [2, 4, 6, 8])
        XCTAssertEqual(gs[1].shape, [3]); XCTAssertEqual(gs[1].scalars, [0, 0, 0])
        XCTAssertEqual(gs[2].scalars, [0, 0])
        XCTAssertEqual(gradient(of: Tensor(3), wrt: x).scalars, [0, 0, 0, 0])

        // First-order results are constants; createGraph results stay differentiable.
        XCTAssertFalse(gs[0].requiresGradient)
        XCTAssertTrue(gradient(of: y, wrt: x, createGraph: true).requiresGradient)

        // A seed gives the vector–Jacobian product Jᵀs.
        let z = x * Tensor(shape: [2], scalars: [10, 100])
        XCTAssertEqual(gradients(of: z, wrt: [x], seed: Tensor(shape: [2, 2], scalars: [1, 2, 3, 4]))[0].scalars, [10, 200, 30, 400])

        // Gradient with respect to an intermediate, and through a diamond (x feeds two branches).
        let mid = x * 2
        let out = (mid * mid.exp()).sum() + (x * 3).sum()
        let g = gradients(of: out, wrt: [mid, x])
        assertClose(g[0].scalars, mid.scalars.map { (1 + $0) * Foundation.exp($0) }, tolerance: 1e-6)
        assertClose(g[1].scalars, mid.scalars.map { 2 * (1 + $0) * Foundation.exp($0) + 3 }, tolerance: 1e-6)

        // No recording: no graph, and detached tensors stop gradients.
        let unrecorded = withoutRecording { x * x }
        XCTAssertFalse(unrecorded.requiresGradient)
        XCTAssertEqual(gradient(of: (x.detached() * x).sum(), wrt: x).scalars, [1, 2, 3, 4])
        XCTAssertFalse((Tensor.ones([2]) + 1).requiresGradient)
    }

    /// A variable reachable only through a non-differentiable op (step) gets an exact zero.
    func testPiecewiseConstantOpsHaveZeroGradient() {
        let x = Tensor(shape: [4], scalars: [-2, -0.5, 0.5, 2]).requiringGradient()
        XCTAssertEqual(gradient(of: (x.step() + x.sign()).sum(), wrt: x).scalars, [0, 0, 0, 0])
        XCTAssertEqual(gradient(of: x.relu().sum(), wrt: x).scalars, [0, 0, 1, 1])
        XCTAssertEqual(gradient(of: x.abs().sum(), wrt: x).scalars, [-1, -1, 1, 1])
    }
}

import Foundation

/// Graphs built and differentiated on several threads at once, sharing parameters and an
/// intermediate, give the serial results (recording state is per task/thread; graph release is safe).
final class ConcurrencyTests: XCTestCase {
    func testConcurrentDifferentiationMatchesSerial() {
        var rng = RandomGenerator(seed: 5)
        let weight = Tensor.randomNormal([4, 3, 3, 3], generator: &rng).requiringGradient()
        let shared = weight * 0.5  // an intermediate node referenced by every thread's graph
        let inputs = (0..<8).map { _ in Tensor.randomNormal([2, 3, 6, 6], generator: &rng) }
        @Sendable func work(_ i: Int) -> [Float] {
            let y = inputs[i].conv2d(shared, padding: 1).relu().squared().sum()
            let g = gradient(of: y, wrt: weight, createGraph: i % 2 == 0)
            let constant = withoutRecording { inputs[i] * 2 }
            XCTAssertFalse(constant.requiresGradient)
            return g.scalars
        }
        let serial = (0..<8).map(work)
        let results = UncheckedBox(UnsafeMutableBufferPointer<[Float]>.allocate(capacity: 8))
        results.value.initialize(repeating: [])
        defer { results.value.deallocate() }
        DispatchQueue.concurrentPerform(iterations: 8) { i in results.value[i] = work(i) }
        XCTAssertEqual(Array(results.value), serial)
    }
}
