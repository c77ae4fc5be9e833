import Plotting

// The functions a chapter calls to show results. Each records `#fileID`/`#line`, so the weaver puts
// the output under the cell that produced it. Helpers in other files can pass their caller's
// location through `file:`/`line:`.

/// Shows a figure (frozen as a value, re-rendered by the report as vectors).
public func show(_ figure: Figure, caption: String? = nil, label: String? = nil,
                 file: String = #fileID, line: Int = #line) {
    do {
        try figure.validate()
    } catch {
        Log.write("warning: \(file):\(line): \(error); the report will show the error in place of the figure\n")
    }
    ChapterRuntime.current.record(.figure(FigureOutput(figure: figure, caption: caption, label: label)), file: file, line: line)
}

/// Shows a table of text cells (format numbers with `NumberFormat`). Rows shorter than the header are
/// padded with empty cells; longer rows are an error reported in the table's caption.
public func table(_ header: [String], _ rows: [[String]], caption: String? = nil, label: String? = nil,
                  file: String = #fileID, line: Int = #line) {
    var caption = caption
    var cleaned = rows.map { $0.count < header.count ? $0 + Array(repeating: "", count: header.count - $0.count) : $0 }
    if let bad = cleaned.firstIndex(where: { $0.count > header.count }) {
        Log.write("warning: \(file):\(line): table row \(bad) has \(cleaned[bad].count) cells for \(header.count) columns\n")
        caption = (caption.map { $0 + " " } ?? "") + "[row \(bad) had \(cleaned[bad].count) cells for \(header.count) columns; extra cells dropped]"
        cleaned = cleaned.map { Array($0.prefix(header.count)) }
    }
    ChapterRuntime.current.record(.table(TableOutput(header: header, rows: cleaned, caption: caption, label: label)),
                                  file: file, line: line)
}

/// Shows a named measured number with its unit; prose can quote it as `{{name}}`.
public func value(_ name: String, _ number: Double, unit: String = "", file: String = #fileID, line: Int = #line) {
    ChapterRuntime.current.record(.value(ValueOutput(name: name, number: number, unit: unit)), file: file, line: line)
}

/// `value` for Float measurements.
public func value(_ name: String, _ number: Float, unit: String = "", file: String = #fileID, line: Int = #line) {
    value(name, Double(number), unit: unit, file: file, line: line)
}

/// `value` for counts.
public func value(_ name: String, _ number: Int, unit: String = "", file: String = #fileID, line: Int = #line) {
    value(name, Double(number), unit: unit, file: file, line: line)
}

/// Records a finding of the paper, decided by `estimate`'s 95 % interval against `threshold`: reproduced
/// when the interval lies entirely on the `side` the paper predicts, not reproduced when it lies
/// entirely on the other side, inconclusive otherwise (an interval touching the threshold, fewer
/// than `Verdict.minimumUnits` units, NaN). `evidence` states the numbers behind the estimate.
/// Returns the verdict.
@discardableResult
public func finding(_ statement: String, _ estimate: Estimate, threshold: Double, side: ClaimSide,
                    evidence: String, file: String = #fileID, line: Int = #line) -> Verdict {
    let claim = ClaimOutput(finding: statement, estimate: estimate, threshold: threshold, side: side, evidence: evidence)
    if !estimate.valueIsInsideInterval && !estimate.value.isNaN {
        Log.write("warning: \(file):\(line): estimate \(estimate.value) lies outside its interval \(estimate.intervalText)\n")
    }
    ChapterRuntime.current.record(.claim(claim), file: file, line: line)
    return claim.verdict ?? .inconclusive
}

/// Records a check (an exact identity, e.g. BN statistics recovered to rounding) or, with
/// `kind: .precondition`, a precondition of the findings (e.g. "the federation learns"). `holds` must
/// be computed from the measurement; `evidence` states the numbers that decide it. For claims of the
/// paper decided by a measured statistic use `finding(_:_:threshold:side:evidence:)`.
public func claim(_ statement: String, kind: ClaimKind = .check, holds: Bool, evidence: String,
                  file: String = #fileID, line: Int = #line) {
    if kind == .finding {
        Log.write("warning: \(file):\(line): a finding needs an estimate; use finding(_:_:threshold:side:evidence:)\n")
    }
    ChapterRuntime.current.record(.claim(ClaimOutput(statement: statement, kind: kind, holds: holds, evidence: evidence)),
                                  file: file, line: line)
}
