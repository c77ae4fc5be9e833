import XCTest
@testable import Notebook

final class ChapterSourceTests: XCTestCase {
    static let sample = """
    /*:
    # Title

    Some *prose*.
    */
    import Foundation

    let a = 1
    //: One prose line
    //: and another.
    let b = 2
    //| label: fig-one
    //| caption: "A caption"
    show(b)
    //| echo: false
    let hidden = 3

    /*: Inline prose */
    let c = a + b
    """

    func testSplitsProseCellsAndOptions() {
        let source = ChapterSource(text: Self.sample)
        XCTAssertEqual(source.segments.count, 8)
        guard case .prose(let first) = source.segments[0] else { return XCTFail("expected prose") }
        XCTAssertEqual(first.markdown, "# Title\n\nSome *prose*.")
        guard case .cell(let imports) = source.segments[1] else { return XCTFail("expected cell") }
        XCTAssertEqual(imports.code, "import Foundation\n\nlet a = 1")
        XCTAssertEqual(imports.lineRange, 6...8)
        guard case .prose(let lines) = source.segments[2] else { return XCTFail("expected prose") }
        XCTAssertEqual(lines.markdown, "One prose line\nand another.")
        guard case .cell(let b) = source.segments[3], case .cell(let shown) = source.segments[4],
              case .cell(let hidden) = source.segments[5] else { return XCTFail("expected three cells") }
        XCTAssertEqual(b.code, "let b = 2")
        XCTAssertEqual(shown.options.label, "fig-one")
        XCTAssertEqual(shown.options.caption, "A caption")
        XCTAssertEqual(shown.code, "show(b)")
        XCTAssertFalse(hidden.options.echo)
        XCTAssertTrue(shown.options.echo)
        guard case .prose(let inline) = source.segments[6] else { return XCTFail("expected prose") }
        XCTAssertEqual(inline.markdown, "Inline prose")
    }

    func testCodeLinesExcludeProseOptionsAndBlankLines() {
        let source = ChapterSource(text: Self.sample)
        XCTAssertEqual(source.codeLines, ["import Foundation", "let a = 1", "let b = 2", "show(b)", "let hidden = 3", "let c = a + b"])
        XCTAssertEqual(source.codeLineNumbers, [6, 8, 11, 14, 16, 19])
    }

    func testAnchorsMapLinesToCodeOrdinalsAndBack() {
        let source = ChapterSource(text: Self.sample)
        XCTAssertEqual(source.anchor(forLine: 14), 3)
        XCTAssertEqual(source.line(forAnchor: 3), 14)
        XCTAssertEqual(source.anchor(forLine: 15), 3, "a non-code line takes the code line before it")
        XCTAssertNil(source.line(forAnchor: 99))
        XCTAssertEqual(source.segmentIndex(containingLine: 14), 4)
    }

    func testAnchorsSurviveProseEdits() {
        let edited = Self.sample.replacingOccurrences(of: "Some *prose*.", with: "Much longer\nprose\nover several\nlines.")
        let before = ChapterSource(text: Self.sample), after = ChapterSource(text: edited)
        XCTAssertEqual(before.keyText, after.keyText)
        let anchor = before.anchor(forLine: 14)!
        let line = after.line(forAnchor: anchor)!
        XCTAssertEqual(line, 17)
        guard case .cell(let cell) = after.segments[after.segmentIndex(containingLine: line)!] else { return XCTFail() }
        XCTAssertEqual(cell.code, "show(b)")
    }

    func testUnknownOptionsAreReportedNotApplied() {
        let source = ChapterSource(text: "//| colour: red\n//| nonsense\nlet x = 1\n")
        guard case .cell(let cell) = source.segments[0] else { return XCTFail() }
        XCTAssertEqual(cell.options.problems.count, 2)
        XCTAssertTrue(cell.options.problems[0].contains("colour"))
    }

    func testCaptionsContinueOverSeveralOptionLines() {
        let source = ChapterSource(text: "//| caption: First part\n//| caption: second part.\nshow(x)\n")
        guard case .cell(let cell) = source.segments[0] else { return XCTFail() }
        XCTAssertEqual(cell.options.caption, "First part second part.")
    }

    func testUnterminatedProseIsKept() {
        let source = ChapterSource(text: "/*:\n# Unfinished\n")
        XCTAssertEqual(source.segments, [.prose(.init(markdown: "# Unfinished", firstLine: 1))])
    }
}
