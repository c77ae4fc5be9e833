import XCTest
@testable import Report

final class MarkdownReaderTests: XCTestCase {
    private func dump(_ markdown: String) -> String {
        Document(title: "", chapters: [ChapterDocument(id: "x", number: 0, title: [], anchor: "a",
                                                       blocks: MarkdownReader.blocks(markdown), problem: nil)])
            .dump().split(separator: "\n").dropFirst(2).dropLast().joined(separator: "\n")
    }

    func testHeadingsAndParagraphs() {
        XCTAssertEqual(dump("# One\n\n## Two ##\nText\non two lines.\n\n####### not a heading"), """
          heading 1  "One" #
          heading 2  "Two" #
          paragraph Text on two lines.
          paragraph ####### not a heading
        """)
    }

    func testInlineFormatting() {
        XCTAssertEqual(InlineReader.parse("a *em* **strong** `co*de*` [link *x*](http://e.org) <https://a.b>").dumped,
                       "a *em* **strong** `co*de*` [link *x*](http://e.org) [https://a.b](https://a.b)")
        XCTAssertEqual(InlineReader.parse("__strong__ and _em_").dumped, "**strong** and *em*")
    }

    func testUnderscoresInsideWordsAreLiteral() {
        XCTAssertEqual(InlineReader.parse("r_T and s_t_x and snake_case_name").dumped, "r_T and s_t_x and snake_case_name")
        XCTAssertEqual(InlineReader.parse("2 * 3 * 4").dumped, "2 * 3 * 4")
    }

    func testSubscriptsSuperscriptsEscapesAndBreaks() {
        XCTAssertEqual(InlineReader.parse("r~t−1~ and (1 − m)^T^ and a ~ b").dumped, "r~t−1~ and (1 − m)^T^ and a ~ b")
        XCTAssertEqual(InlineReader.parse("\\*not em\\* and \\` tick").dumped, "*not em* and ` tick")
        XCTAssertEqual(InlineReader.parse("line one  \nline two\\\nthree").dumped, "line one⏎line two⏎three")
        XCTAssertEqual(InlineReader.parse("``a ` b``").dumped, "`a ` b`")
        XCTAssertEqual(InlineReader.parse("unclosed *star and `tick").dumped, "unclosed *star and `tick")
    }

    func testNestedListsAndOrderedStart() {
        XCTAssertEqual(dump("- a\n  continued\n- b\n  - nested 1\n  - nested 2\n- c\n\n3. three\n4. four"), """
          list bullets
            item
              paragraph a continued
            item
              paragraph b
              list bullets
                item
                  paragraph nested 1
                item
                  paragraph nested 2
            item
              paragraph c
          list ordered from 3
            item
              paragraph three
            item
              paragraph four
        """)
    }

    func testLooseListItemsWithSeveralParagraphs() {
        XCTAssertEqual(dump("1. first\n\n   more of first\n\n2. second"), """
          list ordered from 1
            item
              paragraph first
              paragraph more of first
            item
              paragraph second
        """)
    }

    func testBlockQuotesAndCodeFences() {
        XCTAssertEqual(dump("> quoted *text*\nlazy line\n\n```swift\nlet x = 1\n  indented\n```\n---"), """
          quote
            paragraph quoted *text* lazy line
          code block
            | let x = 1
            |   indented
          rule
        """)
    }

    func testPipeTablesWithAlignmentAndCaption() {
        XCTAssertEqual(dump("| a | b | c |\n|:--|--:|:-:|\n| 1 | `x|y` | *z* |\n| 2 |\n\nTable: The *caption*."), """
          table 0 #: The *caption*.
            header a | b | c (left,right,center)
            row 1 | `x|y` | *z*
            row 2 |  | 
        """)
        XCTAssertEqual(dump("Table: Before.\n\na | b\n--|--\n1 | 2"), """
          table 0 #: Before.
            header a | b (left,left)
            row 1 | 2
        """)
    }

    func testTextThatMerelyContainsPipesIsAParagraph() {
        XCTAssertEqual(dump("a | b\nno delimiter row"), "  paragraph a | b no delimiter row")
    }
}
