import ArgumentParser
import Foundation
import Notebook
import Report

extension ReportCommand {
    /// `report verdicts output output/verdict-check/direct-off`: every claim's verdict under each
    /// result root side by side; exits 3 when a claim flips (reproduced ↔ not reproduced, pass ↔ fail).
    struct Verdicts: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Compare claim verdicts across result roots side by side.",
            discussion: """
            Prints a Markdown table of every claim (chapter, statement, kind) with its verdict, estimate \
            [95 % interval] and n under each root, matched by chapter and statement. Exit status: 0 when no \
            claim flips, 3 when one is reproduced (pass) under one root and not reproduced (fail) under \
            another, 1 on an error. Moving to or from inconclusive is not a flip.
            """)

        @Argument(help: "Two or more result roots, each holding chapters/<id>/results.json (e.g. output output/verdict-check/direct-off).")
        var roots: [String]

        @Option(help: "Also write the table to this Markdown file.")
        var out: String?

        func validate() throws {
            guard roots.count >= 2 else { throw ValidationError("give at least two result roots, e.g. output output/verdict-check/direct-off") }
        }

        func run() throws {
            let comparison = try VerdictComparison.load(roots.map { URL(fileURLWithPath: $0, isDirectory: true) }, names: roots)
            let table = comparison.markdown()
            print(table, terminator: "")
            if let out { try table.write(toFile: out, atomically: true, encoding: .utf8) }
            for row in comparison.flips {
                Log.write("report: FLIP in \(row.chapter): \(row.statement) — "
                    + row.claims.enumerated().map { "\(comparison.rootNames[$0]): \($1?.outcome.label ?? "absent")" }.joined(separator: ", ")
                    + "\n")
            }
            if comparison.hasFlip { throw ExitCode(3) }
        }
    }
}
