import XCTest
import Leakage

/// The self-audit gate (`LeakageGate`): every case of its decision, including updates whose RDLV is
/// partly or wholly undefined, and its refusal of a threshold that would let everything through.
final class LeakageGateTests: XCTestCase {
    func testDefinedValuesAtOrBelowTheThresholdAreSent() throws {
        let gate = try LeakageGate(threshold: 1)
        XCTAssertEqual(gate.decide(imageRDLV: [0.2, -0.5, 1.0]), .send, "1.0 is not above 1.0")
        XCTAssertEqual(gate.decide(imageRDLV: [-0.9]), .send)
    }

    func testAValueAboveTheThresholdIsWithheld() throws {
        let gate = try LeakageGate(threshold: 1)
        XCTAssertEqual(gate.decide(imageRDLV: [0.2, 1.25, 0.5]), .withhold(.aboveThreshold(updateRDLV: 1.25, threshold: 1)))
        XCTAssertEqual(try LeakageGate(threshold: -0.5).decide(imageRDLV: [-0.4]),
                       .withhold(.aboveThreshold(updateRDLV: -0.4, threshold: -0.5)))
    }

    func testAPartlyUndefinedUpdateIsWithheld() throws {
        let gate = try LeakageGate(threshold: 1)
        let decision = gate.decide(imageRDLV: [0.1, nil, -0.2, nil])
        XCTAssertEqual(decision, .withhold(.undefinedRDLV(images: [1, 3], of: 4)))
        XCTAssertTrue(decision.isWithheld)
        XCTAssertTrue(decision.summary.contains("images 1, 3 of 4"), decision.summary)
    }

    func testAWhollyUndefinedUpdateIsWithheld() throws {
        let decision = try LeakageGate().decide(imageRDLV: [nil, nil])
        XCTAssertEqual(decision, .withhold(.undefinedRDLV(images: [0, 1], of: 2)))
        XCTAssertTrue(decision.summary.contains("every image"), decision.summary)
    }

    func testNonFiniteValuesCountAsUndefined() throws {
        let gate = try LeakageGate(threshold: 1)
        XCTAssertEqual(gate.decide(imageRDLV: [.nan, 0.1]), .withhold(.undefinedRDLV(images: [0], of: 2)))
        XCTAssertEqual(gate.decide(imageRDLV: [.infinity]), .withhold(.undefinedRDLV(images: [0], of: 1)))
    }

    func testAMeasuredLeakIsNamedBeforeUndefinedImages() throws {
        XCTAssertEqual(try LeakageGate(threshold: 1).decide(imageRDLV: [nil, 2]),
                       .withhold(.aboveThreshold(updateRDLV: 2, threshold: 1)))
    }

    func testNothingScoredIsWithheld() throws {
        let gate = try LeakageGate()
        XCTAssertEqual(gate.decide(imageRDLV: nil), .withhold(.notScored))
        XCTAssertEqual(gate.decide(imageRDLV: []), .withhold(.notScored))
    }

    func testANonFiniteThresholdIsRejected() {
        XCTAssertThrowsError(try LeakageGate(threshold: .nan)) { error in
            XCTAssertTrue("\(error)".contains("finite"), "\(error)")
        }
        XCTAssertThrowsError(try LeakageGate(threshold: .infinity))
    }

    func testTheReportDecisionIsTheGates() throws {
        let report = try RelativeDataLeakage.analyse(similarity: [[0.5, 0.2], [0.4, 0.9]], priorSimilarity: [0.2, 0.001])
        XCTAssertEqual(try report.decision(threshold: 5), .withhold(.undefinedRDLV(images: [1], of: 2)))
        guard case .withhold(.aboveThreshold(let value, 1)) = try report.decision(threshold: 1) else {
            return XCTFail("\(try report.decision(threshold: 1))")
        }
        XCTAssertEqual(value, 1.5, accuracy: 1e-12)
    }
}
