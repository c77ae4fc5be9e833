import Foundation
import XCTest
@testable import Notebook

/// How claims are stored in results.json, and that results stored before kinds existed still read.
final class ClaimCodingTests: XCTestCase {
    private func roundTrip(_ claim: ClaimOutput) throws -> (ClaimOutput, [String: Any]) {
        let data = try ResultStore.encoder().encode(Output.claim(claim))
        guard case .claim(let decoded) = try ResultStore.decoder().decode(Output.self, from: data) else {
            throw XCTSkip("not a claim")
        }
        let json = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        return (decoded, json["claim"] as! [String: Any])
    }

    private let leak = Estimate("median RDLV", value: 0.43, low: 0.12, high: 0.9, n: 32, unit: "16 images × 2 seeds")

    func testFindingRoundTripsWithEveryField() throws {
        let cases: [(Double, Double, Verdict)] = [(0.12, 0.9, .inconclusive), (0.35, 0.9, .reproduced), (-0.5, 0.2, .notReproduced)]
        for (low, high, verdict) in cases {
            var estimate = leak
            (estimate.low, estimate.high) = (low, high)
            let claim = ClaimOutput(finding: "Attacks leak.", estimate: estimate, threshold: 0.3, side: .above, evidence: "e")
            XCTAssertEqual(claim.verdict, verdict)
            let (decoded, json) = try roundTrip(claim)
            XCTAssertEqual(decoded, claim)
            XCTAssertEqual(json["kind"] as? String, "finding")
            XCTAssertEqual(json["verdict"] as? String, verdict.rawValue)
            XCTAssertEqual(json["statistic"] as? String, "median RDLV")
            XCTAssertEqual(json["estimate"] as? Double, 0.43)
            XCTAssertEqual(json["interval"] as? [Double], [low, high])
            XCTAssertEqual(json["n"] as? Int, 32)
            XCTAssertEqual(json["unit"] as? String, "16 images × 2 seeds")
            XCTAssertEqual(json["threshold"] as? Double, 0.3)
            XCTAssertEqual(json["side"] as? String, "above")
            XCTAssertEqual(json["holds"] as? Bool, verdict == .reproduced, "kept for older readers")
            XCTAssertEqual(json["statement"] as? String, "Attacks leak.")
            XCTAssertEqual(json["evidence"] as? String, "e")
        }
        XCTAssertEqual(Verdict.notReproduced.rawValue, "not reproduced")
    }

    func testNaNFindingRoundTrips() throws {
        let claim = ClaimOutput(finding: "x", estimate: Estimate("s", value: .nan, low: .nan, high: .nan, n: 32, unit: "u"),
                                threshold: 0.3, side: .below, evidence: "e")
        let (decoded, json) = try roundTrip(claim)
        XCTAssertEqual(decoded.verdict, .inconclusive)
        XCTAssertTrue(decoded.estimate?.value.isNaN ?? false)
        XCTAssertTrue(decoded.estimate?.high.isNaN ?? false)
        XCTAssertEqual(json["interval"] as? [String], ["nan", "nan"])
    }

    func testChecksAndPreconditionsRoundTrip() throws {
        for claim in [ClaimOutput(statement: "BN exact.", holds: true, evidence: "1e-7"),
                      ClaimOutput(statement: "Learns.", kind: .precondition, holds: false, evidence: "0.1")] {
            let (decoded, json) = try roundTrip(claim)
            XCTAssertEqual(decoded, claim)
            XCTAssertEqual(json["kind"] as? String, claim.kind.rawValue)
            XCTAssertEqual(json["holds"] as? Bool, claim.holds)
            XCTAssertNil(json["verdict"])
            XCTAssertNil(json["interval"])
        }
    }

    func testOldClaimsReadAsChecks() throws {
        let old = #"{"kind": "claim", "claim": {"statement": "Old.", "holds": false, "evidence": "3 images"}}"#
        guard case .claim(let claim) = try ResultStore.decoder().decode(Output.self, from: Data(old.utf8)) else { return XCTFail() }
        XCTAssertEqual(claim, ClaimOutput(statement: "Old.", kind: .check, holds: false, evidence: "3 images"))
        XCTAssertEqual(claim.outcome, .failed)
        XCTAssertNil(claim.verdict)
    }

    func testFindingWithoutStoredVerdictIsDecidedAndAStoredVerdictIsKept() throws {
        let json = #"{"kind": "finding", "statement": "x", "evidence": "e", "estimate": 0.5, "interval": [0.4, 0.6], "n": 3, "#
            + #""threshold": 0.3, "side": "above"}"#
        let decided = try ResultStore.decoder().decode(ClaimOutput.self, from: Data(json.utf8))
        XCTAssertEqual(decided.verdict, .inconclusive, "n = 3")
        XCTAssertEqual(decided.estimate?.statistic, "")
        let stored = json.replacingOccurrences(of: "\"n\": 3", with: "\"n\": 30, \"verdict\": \"not reproduced\"")
        XCTAssertEqual(try ResultStore.decoder().decode(ClaimOutput.self, from: Data(stored.utf8)).verdict, .notReproduced)
    }

    func testMalformedFindingsAreRejectedWithAClearMessage() {
        let json = #"{"kind": "finding", "statement": "x", "evidence": "e", "estimate": 0.5, "interval": [0.4], "n": 30, "#
            + #""threshold": 0.3, "side": "above"}"#
        XCTAssertThrowsError(try ResultStore.decoder().decode(ClaimOutput.self, from: Data(json.utf8))) { error in
            XCTAssertTrue("\(error)".contains("[low, high]"), "\(error)")
        }
        let badVerdict = #"{"kind": "finding", "statement": "x", "estimate": 0.5, "interval": [0.4, 0.6], "n": 30, "#
            + #""threshold": 0.3, "side": "above", "verdict": "maybe"}"#
        XCTAssertThrowsError(try ResultStore.decoder().decode(ClaimOutput.self, from: Data(badVerdict.utf8)))
        let badKind = #"{"kind": "opinion", "statement": "x", "holds": true}"#
        XCTAssertThrowsError(try ResultStore.decoder().decode(ClaimOutput.self, from: Data(badKind.utf8)))
    }
}
