@testable import Autodiff
import Kernels
import XCTest

/// The op table: for every primitive op, (a) forward vs a naive loop, (b) gradient vs central finite
/// differences, (c) Hessian–vector product (createGraph) vs finite differences of the gradient.
final class OpTableTests: XCTestCase {
    func testAllKindsMatchesTheEnum() {
        let names = OpTable.representatives.map(OpTable.name)
        XCTAssertEqual(OpTable.representatives.map(\.kind), names, "Op.kind disagrees with the test's switch")
        XCTAssertEqual(Set(names).count, names.count, "a case is listed twice among the representatives")
        XCTAssertEqual(Op.allKinds.count, Set(Op.allKinds).count, "Op.allKinds has duplicates")
        XCTAssertEqual(Set(Op.allKinds), Set(names), "Op.allKinds does not list exactly the enum's cases")
    }

    func testTableCoversEveryOp() {
        let covered = Set(OpTable.cases.map(\.kind))
        let missing = Set(Op.allKinds).subtracting(covered)
        XCTAssert(missing.isEmpty, "ops without a row in the table: \(missing.sorted())")
        XCTAssert(covered.isSubset(of: Set(Op.allKinds)), "rows for unknown ops: \(covered.subtracting(Op.allKinds).sorted())")
    }

    func testEveryOpForwardGradientAndHessianVectorProduct() {
        // Measured errors are ~1e-4 or below (Richardson-extrapolated differences, loss in Double),
        // so this is tighter than the 1e-2 usually needed for Float32 finite differences.
        let tolerance = 2e-3
        var lines: [String] = []
        for (index, row) in OpTable.cases.enumerated() {
            let label = "\(row.kind) \(row.variant)"
            var rng = RandomGenerator(seed: 1000 + UInt64(index))
            let inputs = row.inputs.map { $0.draw(&rng) }

            // The row must really exercise its op: the output node records exactly that op.
            let recorded = row.apply(inputs.map { $0.requiringGradient() })
            XCTAssertEqual(recorded.node?.op?.kind, row.kind, "\(label): the row does not apply its op")

            // (a) forward vs the naive oracle.
            let forward = forwardError(withoutRecording { row.apply(inputs) }, row.reference(inputs.map(NDArray.init)))
            XCTAssert(forward <= 1e-5, "\(label): forward differs from the naive loop by \(forward)")

            // (b), (c) derivatives.
            var report = DerivativeCheck(inputs: inputs, f: row.apply, step: row.step, seed: 2000 + UInt64(index)).run()
            report.forward = forward
            XCTAssert(report.gradient <= tolerance, "\(label): gradient vs finite differences: \(report.gradient)")
            XCTAssert(report.hessianVector <= tolerance, "\(label): Hv vs finite differences of the gradient: \(report.hessianVector)")
            lines.append("\(label.padding(toLength: 46, withPad: " ", startingAt: 0)) \(report)")
        }
        print("Op table (relative errors):\n" + lines.joined(separator: "\n"))
    }
}
