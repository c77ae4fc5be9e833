import Foundation
import Notebook
import XCTest
@testable import Report

/// The summary of findings: counts per verdict, the cells of each row, the colours of the outcomes.
final class VerdictSummaryTests: XCTestCase {
    func testTallyCountsTheThreeVerdictsSeparately() {
        let document = SampleChapter.document()
        let tally = document.tally
        XCTAssertEqual([tally.findings, tally.reproduced, tally.notReproduced, tally.inconclusive], [3, 1, 1, 1])
        XCTAssertEqual([tally.checks, tally.checksPassed, tally.preconditions, tally.preconditionsMet], [2, 1, 1, 1])
        XCTAssertEqual(tally.sentence,
                       "3 findings: 1 reproduced, 1 not reproduced, 1 inconclusive; 1 check passed of 2; 1 precondition met of 1")
    }

    func testTallySentenceLeavesOutEmptyGroupsAndNamesChaptersWithoutResults() {
        XCTAssertEqual(FindingTally([]).sentence, "no claims checked")
        let document = SampleChapter.document([SampleChapter.input(results: nil)])
        XCTAssertEqual(document.tally.sentence, "no claims checked; 1 chapter has no results")
        let one = Finding(chapter: "1 X", chapterAnchor: "a", number: 1, anchor: "b", statement: "s", evidence: "e",
                          claim: ClaimOutput(statement: "s", holds: true, evidence: "e"))
        XCTAssertEqual(FindingTally([one]).sentence, "1 check passed of 1")
    }

    func testRowsCarryKindEstimateIntervalNAndPrediction() throws {
        let findings = SampleChapter.document().findings
        let leak = try XCTUnwrap(findings.first { $0.statement == "Attacks leak." })
        XCTAssertEqual([leak.kindText, leak.statisticText, leak.estimateText, leak.nText, leak.unitText, leak.predictionText, leak.label],
                       ["finding", "median RDLV", "1.47 [0.90, 1.80]", "32", "16 images × 2 seeds", "> 0.3", "reproduced"])
        let noise = try XCTUnwrap(findings.first { $0.statement == "Noise stops them." })
        XCTAssertEqual([noise.predictionText, noise.label], ["< 0.1", "not reproduced"])
        let check = try XCTUnwrap(findings.first { $0.statement == "Answers are 42." })
        XCTAssertEqual([check.kindText, check.estimateText, check.nText, check.predictionText, check.label], ["check", "", "", "", "pass"])
    }

    func testHTMLColoursInconclusiveAmberAndShowsTheNumbers() {
        let html = HTMLRenderer().html(SampleChapter.document())
        XCTAssertTrue(html.contains("<tr class=\"inconclusive uncertain\">"))
        XCTAssertTrue(html.contains("<tr class=\"not-reproduced negative\">"))
        XCTAssertTrue(html.contains("<tr class=\"reproduced positive\">"))
        XCTAssertTrue(html.contains("<tr class=\"pass positive\">"))
        XCTAssertTrue(html.contains("<tr class=\"met positive\">"))
        XCTAssertTrue(html.contains("tr.uncertain td.verdict { color: var(--unsure); }"))
        XCTAssertTrue(html.contains("--unsure: #b45309"))
        XCTAssertTrue(html.contains("<td class=\"verdict\">? inconclusive</td>"))
        XCTAssertTrue(html.contains("1.47 [0.90, 1.80]"))
        XCTAssertTrue(html.contains("&gt; 0.3"))
        XCTAssertTrue(html.contains("<div class=\"claim inconclusive uncertain\" id=\"claim-5\">"))
        XCTAssertTrue(html.contains("<em>Verdict:</em> inconclusive, since fewer than 8 units (n = 3).</p>"))
        XCTAssertTrue(html.contains("<em>Verdict:</em> not reproduced, since the interval [0.15, 0.40] lies above 0.1; "
            + "the paper predicts below.</p>"))
    }

    func testAppearanceOfEachOutcome() {
        XCTAssertEqual(ClaimOutcome.allCases.map { ClaimAppearance.symbol($0) }, ["✓", "✗", "?", "✓", "✗", "✓", "✗"])
        XCTAssertEqual(ClaimAppearance.symbol(nil), "–")
        XCTAssertEqual(ClaimAppearance.tone(.inconclusive), .uncertain)
        XCTAssertEqual(ClaimAppearance.tone(.notMet), .negative)
        XCTAssertEqual(ClaimAppearance.cssClass(nil), "not-run missing")
        let style = PDFStyle()
        XCTAssertEqual(style.colors(.uncertain).ink, style.inconclusive)
        XCTAssertNotEqual(style.colors(.uncertain).ink, style.colors(.negative).ink)
        XCTAssertNotEqual(style.colors(.uncertain).ink, style.colors(.positive).ink)
    }
}
