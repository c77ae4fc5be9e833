import Foundation
import XCTest
@testable import Notebook

/// The verdict rule: the 95 % interval decides, strictly; touching the threshold, n < 8 and NaN are inconclusive.
final class VerdictTests: XCTestCase {
    private func estimate(_ low: Double, _ high: Double, value: Double? = nil, n: Int = 32) -> Estimate {
        Estimate("median RDLV", value: value ?? (low + high) / 2, low: low, high: high, n: n, unit: "16 images × 2 seeds")
    }

    private func verdict(_ low: Double, _ high: Double, value: Double? = nil, n: Int = 32, threshold: Double = 0.3,
                         side: ClaimSide) -> Verdict {
        Verdict.decide(estimate(low, high, value: value, n: n), threshold: threshold, side: side)
    }

    func testIntervalEntirelyOnEitherSideDecides() {
        XCTAssertEqual(verdict(0.5, 1.2, side: .above), .reproduced)
        XCTAssertEqual(verdict(-0.9, 0.1, side: .above), .notReproduced)
        XCTAssertEqual(verdict(-0.9, 0.1, side: .below), .reproduced)
        XCTAssertEqual(verdict(0.5, 1.2, side: .below), .notReproduced)
    }

    func testIntervalContainingTheThresholdIsInconclusive() {
        XCTAssertEqual(verdict(0.1, 0.9, side: .above), .inconclusive)
        XCTAssertEqual(verdict(0.1, 0.9, side: .below), .inconclusive)
        XCTAssertEqual(verdict(0.3, 0.3, side: .above), .inconclusive, "a point interval on the threshold")
    }

    func testIntervalTouchingTheThresholdIsInconclusive() {
        // A bound equal to the threshold is not "entirely on one side", whichever side the paper predicts.
        XCTAssertEqual(verdict(0.3, 0.9, side: .above), .inconclusive)
        XCTAssertEqual(verdict(0.3, 0.9, side: .below), .inconclusive)
        XCTAssertEqual(verdict(-0.5, 0.3, side: .below), .inconclusive)
        XCTAssertEqual(verdict(-0.5, 0.3, side: .above), .inconclusive)
        // Just off the threshold decides.
        XCTAssertEqual(verdict(0.3.nextUp, 0.9, side: .above), .reproduced)
        XCTAssertEqual(verdict(-0.5, 0.3.nextDown, side: .below), .reproduced)
        XCTAssertEqual(verdict(-0.5, 0.3.nextDown, side: .above), .notReproduced)
    }

    func testFewerThanEightUnitsIsInconclusive() {
        XCTAssertEqual(Verdict.minimumUnits, 8)
        XCTAssertEqual(verdict(0.5, 1.2, n: 7, side: .above), .inconclusive)
        XCTAssertEqual(verdict(-0.9, 0.1, n: 3, side: .above), .inconclusive)
        XCTAssertEqual(verdict(0.5, 1.2, n: 0, side: .above), .inconclusive)
        XCTAssertEqual(verdict(0.5, 1.2, n: 8, side: .above), .reproduced, "8 units are enough")
        let (_, reason) = Verdict.decision(estimate(0.5, 1.2, n: 3), threshold: 0.3, side: .above)
        XCTAssertEqual(reason, "fewer than 8 units (n = 3)")
    }

    func testNaNIsInconclusive() {
        XCTAssertEqual(verdict(.nan, 1.2, value: 0.8, side: .above), .inconclusive)
        XCTAssertEqual(verdict(0.5, .nan, value: 0.8, side: .above), .inconclusive)
        XCTAssertEqual(verdict(0.5, 1.2, value: .nan, side: .above), .inconclusive)
        XCTAssertEqual(verdict(0.5, 1.2, threshold: .nan, side: .above), .inconclusive)
        XCTAssertEqual(Verdict.decision(estimate(.nan, .nan), threshold: 0.3, side: .above).reason,
                       "the estimate or its interval is NaN")
    }

    func testReversedBoundsAreInconclusiveAndInfiniteBoundsDecide() {
        XCTAssertEqual(verdict(1.2, 0.5, value: 0.8, side: .above), .inconclusive)
        XCTAssertEqual(verdict(0.5, .infinity, value: 1, side: .above), .reproduced)
        XCTAssertEqual(verdict(-.infinity, 0.5, value: 0, side: .above), .inconclusive)
    }

    func testReasonsNameTheIntervalAndTheSide() {
        XCTAssertEqual(Verdict.decision(estimate(0.5, 1.2), threshold: 0.3, side: .above).reason,
                       "the interval [0.50, 1.20] lies above 0.3, as the paper predicts")
        XCTAssertEqual(Verdict.decision(estimate(0.5, 1.2), threshold: 0.1, side: .below).reason,
                       "the interval [0.50, 1.20] lies above 0.1; the paper predicts below")
        XCTAssertEqual(Verdict.decision(estimate(-0.12, 0.4), threshold: 0.3, side: .above).reason,
                       "the interval [−0.12, 0.40] contains the threshold 0.3")
    }

    func testEstimateFormatting() {
        XCTAssertEqual(Estimate("s", value: 1.47, low: 0.9, high: 1.8, n: 32, unit: "").formatted, "1.47 [0.90, 1.80]")
        XCTAssertEqual(Estimate("s", value: 0.031, low: -0.12, high: 0.21, n: 32, unit: "").formatted, "0.03 [−0.12, 0.21]")
        XCTAssertEqual(Estimate("s", value: 0.031, low: 0.012, high: 0.048, n: 32, unit: "").formatted, "0.031 [0.012, 0.048]")
        XCTAssertEqual(Estimate("s", value: 12.3, low: 10, high: 14.55, n: 32, unit: "").formatted, "12.3 [10.0, 14.6]")
        XCTAssertEqual(Estimate("s", value: -0.0001, low: -0.001, high: 0.2, n: 9, unit: "").formatted, "0.00 [0.00, 0.20]",
                       "no negative zero")
        XCTAssertEqual(Estimate("s", value: .nan, low: .nan, high: 1, n: 9, unit: "").formatted, "NaN [NaN, 1.00]")
        XCTAssertEqual(Estimate("median RDLV", value: 1.47, low: 0.9, high: 1.8, n: 32, unit: "16 images × 2 seeds").description,
                       "median RDLV 1.47 [0.90, 1.80], n = 32 (16 images × 2 seeds)")
        // A bound near the threshold gets the decimals that tell it apart.
        let accuracy = Estimate("test accuracy", value: 0.857, low: 0.851, high: 0.862, n: 9, unit: "federation seeds")
        XCTAssertEqual(accuracy.formatted, "0.86 [0.85, 0.86]")
        XCTAssertEqual(accuracy.formatted(threshold: 0.85), "0.857 [0.851, 0.862]")
        XCTAssertEqual(accuracy.formatted(threshold: 0.851), "0.857 [0.851, 0.862]", "a bound equal to the threshold stays as is")
        XCTAssertEqual(Verdict.decision(accuracy, threshold: 0.85, side: .above).reason,
                       "the interval [0.851, 0.862] lies above 0.85, as the paper predicts")
        XCTAssertEqual(ClaimSide.above.describe(0.3), "above 0.3")
        XCTAssertEqual(ClaimSide.below.symbol(-0.1), "< −0.1")
    }

    func testClaimOutcomes() {
        let claim = ClaimOutput(finding: "x", estimate: estimate(0.1, 0.9), threshold: 0.3, side: .above, evidence: "e")
        XCTAssertEqual(claim.verdict, .inconclusive)
        XCTAssertEqual(claim.outcome, .inconclusive)
        XCTAssertFalse(claim.holds)
        XCTAssertNil(claim.outcome.isPositive)
        XCTAssertEqual(ClaimOutput(statement: "x", holds: true, evidence: "e").outcome, .passed)
        XCTAssertEqual(ClaimOutput(statement: "x", holds: false, evidence: "e").outcome, .failed)
        XCTAssertEqual(ClaimOutput(statement: "x", kind: .precondition, holds: false, evidence: "e").outcome, .notMet)
        XCTAssertEqual(ClaimOutput(statement: "x", kind: .precondition, holds: true, evidence: "e").outcome.label, "met")
        let reproduced = ClaimOutput(finding: "x", estimate: estimate(0.5, 0.9), threshold: 0.3, side: .above, evidence: "e")
        XCTAssertTrue(reproduced.holds)
        XCTAssertEqual(reproduced.outcome.isPositive, true)
        XCTAssertEqual(reproduced.measurement, "median RDLV 0.70 [0.50, 0.90], n = 32 (16 images × 2 seeds); paper: above 0.3")
    }

    func testStderrSummaryPrintsTheVerdict() {
        let finding = ClaimOutput(finding: "Attacks leak.", estimate: estimate(0.1, 0.9, n: 3), threshold: 0.3, side: .above,
                                  evidence: "3 images")
        XCTAssertEqual(ChapterRuntime.summary(of: .claim(finding)),
                       "[finding] INCONCLUSIVE: Attacks leak. — median RDLV 0.50 [0.10, 0.90], n = 3 (16 images × 2 seeds); "
                           + "paper: above 0.3 — fewer than 8 units (n = 3) (3 images)")
        XCTAssertEqual(ChapterRuntime.summary(of: .claim(ClaimOutput(statement: "BN exact.", holds: true, evidence: "1e-7"))),
                       "[check] PASS: BN exact. (1e-7)")
        XCTAssertEqual(ChapterRuntime.summary(of: .claim(ClaimOutput(statement: "Learns.", kind: .precondition, holds: false,
                                                                     evidence: "0.1"))),
                       "[precondition] NOT MET: Learns. (0.1)")
    }
}
