@testable import Autodiff
import Kernels
import XCTest

/// Misuse of every op that can be misused: `Tensor.validate` throws a `ShapeError` whose message
/// names the op and the offending shapes (the public API stops with the same message).
final class ShapeValidationTests: XCTestCase {
    private struct BadCall {
        let op: Op
        let inputs: [[Int]]
        /// Substrings the message must contain besides the op's name (the shapes involved).
        let mentions: [String]
    }

    private var badCalls: [BadCall] {
        [
            BadCall(op: .add, inputs: [[2, 3], [4]], mentions: ["[2, 3]", "[4]"]),
            BadCall(op: .subtract, inputs: [[2, 3, 4], [3, 3]], mentions: ["[2, 3, 4]", "[3, 3]"]),
            BadCall(op: .multiply, inputs: [[5], [2, 4]], mentions: ["[5]", "[2, 4]"]),
            BadCall(op: .divide, inputs: [[2, 1, 3], [2, 2]], mentions: ["[2, 1, 3]", "[2, 2]"]),
            BadCall(op: .maskPositive, inputs: [[3, 2], [4]], mentions: ["[3, 2]", "[4]"]),
            BadCall(op: .reshape([4]), inputs: [[2, 3]], mentions: ["[2, 3]", "[4]"]),
            BadCall(op: .reshape([-6]), inputs: [[2, 3]], mentions: ["[2, 3]", "[-6]"]),
            BadCall(op: .permute([0, 0]), inputs: [[2, 3]], mentions: ["[0, 0]", "[2, 3]"]),
            BadCall(op: .permute([1, 0, 2]), inputs: [[2, 3]], mentions: ["[1, 0, 2]", "[2, 3]"]),
            BadCall(op: .expand([2, 4]), inputs: [[3]], mentions: ["[3]", "[2, 4]"]),
            BadCall(op: .expand([1]), inputs: [[3]], mentions: ["[3]", "[1]"]),
            BadCall(op: .slice(lower: [0, 2], upper: [2, 5]), inputs: [[2, 4]], mentions: ["[0, 2]", "[2, 5]", "[2, 4]"]),
            BadCall(op: .slice(lower: [1], upper: [0]), inputs: [[2]], mentions: ["[1]", "[0]", "[2]"]),
            BadCall(op: .slice(lower: [0], upper: [1]), inputs: [[2, 2]], mentions: ["[2, 2]"]),
            BadCall(op: .pad(before: [1, -1], after: [0, 0]), inputs: [[2, 2]], mentions: ["[1, -1]", "[2, 2]"]),
            BadCall(op: .pad(before: [1], after: [1]), inputs: [[2, 2]], mentions: ["[2, 2]"]),
            BadCall(op: .sum(axes: [2]), inputs: [[2, 3]], mentions: ["[2]", "[2, 3]"]),
            BadCall(op: .sum(axes: [-1]), inputs: [[2, 3]], mentions: ["[-1]", "[2, 3]"]),
            BadCall(op: .sum(axes: [1, 1]), inputs: [[2, 3]], mentions: ["[1, 1]", "[2, 3]"]),
            BadCall(op: .matmul(transposeA: false, transposeB: false), inputs: [[2, 3], [4, 5]], mentions: ["[2, 3]", "[4, 5]"]),
            BadCall(op: .matmul(transposeA: true, transposeB: false), inputs: [[2, 3], [3, 5]], mentions: ["[2, 3]", "[3, 5]"]),
            BadCall(op: .matmul(transposeA: false, transposeB: true), inputs: [[2, 3], [3, 5]], mentions: ["[2, 3]", "[3, 5]"]),
            BadCall(op: .matmul(transposeA: false, transposeB: false), inputs: [[2, 3, 4], [4, 5]], mentions: ["[2, 3, 4]", "[4, 5]"]),
            BadCall(op: .conv2d(stride: 1, padding: 0), inputs: [[1, 3, 8, 8], [4, 2, 3, 3]], mentions: ["[1, 3, 8, 8]", "[4, 2, 3, 3]"]),
            BadCall(op: .conv2d(stride: 1, padding: 0), inputs: [[3, 8, 8], [4, 3, 3, 3]], mentions: ["[3, 8, 8]"]),
            BadCall(op: .conv2d(stride: 1, padding: 0), inputs: [[1, 3, 8, 8], [4, 3, 3]], mentions: ["[4, 3, 3]"]),
            BadCall(op: .conv2d(stride: 1, padding: 1), inputs: [[1, 1, 2, 2], [1, 1, 5, 5]], mentions: ["[1, 1, 2, 2]", "5×5"]),
            BadCall(op: .conv2d(stride: 0, padding: 0), inputs: [[1, 1, 4, 4], [1, 1, 3, 3]], mentions: ["stride 0"]),
            BadCall(op: .conv2d(stride: 1, padding: -1), inputs: [[1, 1, 4, 4], [1, 1, 3, 3]], mentions: ["padding -1"]),
            BadCall(op: .conv2dInputGradient(inputShape: [2, 3, 8, 8], stride: 1, padding: 1), inputs: [[2, 4, 7, 8], [4, 3, 3, 3]],
                    mentions: ["[2, 4, 7, 8]", "[2, 4, 8, 8]"]),
            BadCall(op: .conv2dInputGradient(inputShape: [2, 3, 8, 8], stride: 1, padding: 1), inputs: [[2, 4, 8, 8], [4, 2, 3, 3]],
                    mentions: ["[2, 3, 8, 8]", "[4, 2, 3, 3]"]),
            BadCall(op: .conv2dWeightGradient(weightShape: [4, 3, 3, 3], stride: 2, padding: 1), inputs: [[2, 3, 8, 8], [2, 4, 8, 8]],
                    mentions: ["[2, 4, 8, 8]", "[2, 4, 4, 4]"]),
            BadCall(op: .avgPool2d(kernel: 3, stride: 3), inputs: [[1, 1, 2, 5]], mentions: ["[1, 1, 2, 5]"]),
            BadCall(op: .avgPool2d(kernel: 2, stride: 2), inputs: [[4, 4]], mentions: ["[4, 4]"]),
            BadCall(op: .avgPool2d(kernel: 2, stride: 0), inputs: [[1, 1, 4, 4]], mentions: ["[1, 1, 4, 4]"]),
            BadCall(op: .avgPool2dAdjoint(inputShape: [1, 2, 6, 6], kernel: 2, stride: 2), inputs: [[1, 2, 2, 3]],
                    mentions: ["[1, 2, 2, 3]", "[1, 2, 3, 3]"]),
            BadCall(op: .avgPool2dAdjoint(inputShape: [6, 6], kernel: 2, stride: 2), inputs: [[3, 3]], mentions: ["[6, 6]"]),
            BadCall(op: .maxPool2d(kernel: 3, stride: 2, padding: 2), inputs: [[1, 1, 8, 8]], mentions: ["padding 2", "kernel 3"]),
            BadCall(op: .maxPool2d(kernel: 5, stride: 1, padding: 1), inputs: [[1, 1, 2, 8]], mentions: ["[1, 1, 2, 8]"]),
            BadCall(op: .gather(indices: IndexList([0, 1, 2]), sourceShape: [4], shape: [2, 2]), inputs: [[4]], mentions: ["[4]", "[2, 2]"]),
            BadCall(op: .gather(indices: IndexList([0, 1]), sourceShape: [5], shape: [2]), inputs: [[4]], mentions: ["[4]", "[5]"]),
            BadCall(op: .gather(indices: IndexList([0, 4]), sourceShape: [2, 2], shape: [2]), inputs: [[2, 2]], mentions: ["4", "[2, 2]"]),
            BadCall(op: .gather(indices: IndexList([-1, 0]), sourceShape: [2, 2], shape: [2]), inputs: [[2, 2]], mentions: ["-1", "[2, 2]"]),
            BadCall(op: .scatterAdd(indices: IndexList([0, 1]), shape: [4]), inputs: [[3]], mentions: ["[3]", "[4]"]),
            BadCall(op: .scatterAdd(indices: IndexList([0, 6]), shape: [2, 3]), inputs: [[2]], mentions: ["6", "[2, 3]"]),
            BadCall(op: .channelAffine, inputs: [[2, 3, 4], [4], [3]], mentions: ["[4]", "[3]", "[2, 3, 4]"]),
            BadCall(op: .channelAffine, inputs: [[3], [3], [3]], mentions: ["[3]"]),
            BadCall(op: .channelDot, inputs: [[2, 3, 4], [2, 3, 5]], mentions: ["[2, 3, 4]", "[2, 3, 5]"]),
            BadCall(op: .channelDot, inputs: [[6], [6]], mentions: ["[6]"]),
            BadCall(op: .squaredDistance, inputs: [[2, 3], [3, 2]], mentions: ["[2, 3]", "[3, 2]"]),
            BadCall(op: .channelVariance, inputs: [[5]], mentions: ["[5]"]),
        ]
    }

    func testEveryMisuseNamesTheOpAndTheShapes() {
        for call in badCalls {
            let inputs = call.inputs.map { Tensor.zeros($0) }
            do {
                let shape = try Tensor.validate(call.op, inputs)
                XCTFail("\(call.op.name) \(call.inputs): accepted, output \(shape)")
            } catch {
                let text = error.description
                XCTAssertEqual(error.op, call.op.name, "wrong op named: \(text)")
                XCTAssert(text.hasPrefix("\(call.op.name): "), "message does not start with the op: \(text)")
                for mention in call.mentions {
                    XCTAssert(text.contains(mention), "\(call.op.name): message lacks \(mention): \(text)")
                }
            }
        }
    }

    func testValidCallsReturnTheOutputShape() throws {
        XCTAssertEqual(try Tensor.validate(.add, [.zeros([4, 1, 5]), .zeros([3, 1])]), [4, 3, 5])
        XCTAssertEqual(try Tensor.validate(.matmul(transposeA: true, transposeB: true), [.zeros([3, 2]), .zeros([5, 3])]), [2, 5])
        XCTAssertEqual(try Tensor.validate(.conv2d(stride: 2, padding: 1), [.zeros([2, 3, 7, 6]), .zeros([4, 3, 3, 3])]), [2, 4, 4, 3])
        XCTAssertEqual(try Tensor.validate(.sum(axes: [0, 2]), [.zeros([2, 3, 4])]), [1, 3, 1])
        XCTAssertEqual(try Tensor.validate(.avgPool2d(kernel: 3, stride: 2), [.zeros([1, 1, 7, 6])]), [1, 1, 3, 2])
        XCTAssertEqual(try Tensor.validate(.channelAffine, [.zeros([2, 3, 4, 5]), .zeros([3]), .zeros([3])]), [2, 3, 4, 5])
        XCTAssertEqual(try Tensor.validate(.channelDot, [.zeros([2, 3, 4]), .zeros([2, 3, 4])]), [3])
        XCTAssertEqual(try Tensor.validate(.channelVariance, [.zeros([4, 3])]), [3])
    }
}
