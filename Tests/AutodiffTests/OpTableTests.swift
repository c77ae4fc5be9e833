@testable import Autodiff
import Kernels
import XCTest

/// The op table: for every primitive op, (a) forward vs a naive loop, (b) gradient vs central finite
/// differences, (c) Hessian–vector product (createGraph) vs finite differences of the gradient.
final class OpTableTests: XCTestCase {
    /// The coverage list is `Op.Kind.allCases`, derived from the enum: `Op.kind` is an exhaustive
    /// switch, so a new `Op` case needs a `Kind`, and then a row here.
    func testTableCoversEveryOp() {
        let all = Set(Op.Kind.allCases.map(\.rawValue))
        let covered = Set(OpTable.cases.map(\.kind))
        let missing = all.subtracting(covered)
        XCTAssert(missing.isEmpty, "ops without a row in the table: \(missing.sorted())")
        XCTAssert(covered.isSubset(of: all), "rows for unknown ops: \(covered.subtracting(all).sorted())")
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
            XCTAssertEqual(recorded.node?.op?.name, row.kind, "\(label): the row does not apply its op")

            // (a) forward vs the naive oracle.
            let forward = forwardError(withoutRecording { row.apply(inputs) }, row.reference(inputs.map(NDArray.init)))
            XCTAssert(forward <= row.forwardTolerance, "\(label): forward differs from the naive loop by \(forward)")

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
