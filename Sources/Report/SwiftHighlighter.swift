/// Splits Swift code into runs for syntax colouring (keywords, types, strings, numbers, comments).
/// A light tokenizer, not a parser: enough to make code cells readable in both renderers.
enum SwiftHighlighter {
    enum Kind: String { case plain, keyword, type, string, number, comment }

    private static let keywords: Set<String> = [
        "let", "var", "func", "return", "if", "else", "for", "in", "while", "repeat", "guard", "switch", "case",
        "default", "break", "continue", "struct", "class", "enum", "protocol", "extension", "import", "true", "false",
        "nil", "self", "Self", "try", "throw", "throws", "do", "catch", "where", "as", "is", "init", "static",
        "private", "public", "internal", "fileprivate", "mutating", "inout", "some", "any", "defer", "await", "async",
    ]

    static func runs(_ code: String) -> [(kind: Kind, text: String)] {
        var runs: [(kind: Kind, text: String)] = []
        func add(_ kind: Kind, _ text: String) {
            if let last = runs.last, last.kind == kind { runs[runs.count - 1].text += text } else { runs.append((kind, text)) }
        }
        let c = Array(code)
        var i = 0
        while i < c.count {
            let ch = c[i]
            if ch == "/" && i + 1 < c.count && c[i + 1] == "/" {
                var j = i
                while j < c.count && c[j] != "\n" { j += 1 }
                add(.comment, String(c[i..<j]))
                i = j
            } else if ch == "/" && i + 1 < c.count && c[i + 1] == "*" {
                var j = i + 2
                while j + 1 < c.count && !(c[j] == "*" && c[j + 1] == "/") { j += 1 }
                j = min(j + 2, c.count)
                add(.comment, String(c[i..<j]))
                i = j
            } else if ch == "\"" && i + 2 < c.count && c[i + 1] == "\"" && c[i + 2] == "\"" {
                var j = i + 3
                while j + 2 < c.count && !(c[j] == "\"" && c[j + 1] == "\"" && c[j + 2] == "\"") { j += 1 }
                j = min(j + 3, c.count)
                add(.string, String(c[i..<j]))
                i = j
            } else if ch == "\"" {
                var j = i + 1
                while j < c.count && c[j] != "\"" && c[j] != "\n" {
                    if c[j] == "\\" { j += 1 }
                    j += 1
                }
                j = min(j + 1, c.count)
                add(.string, String(c[i..<j]))
                i = j
            } else if ch.isNumber && (i == 0 || !(c[i - 1].isLetter || c[i - 1] == "_")) {
                var j = i
                while j < c.count && (c[j].isNumber || c[j] == "." || c[j] == "_" || c[j] == "e" || c[j] == "x"
                                      || (c[j] == "-" && j > 0 && c[j - 1] == "e")) {
                    if c[j] == "." && !(j + 1 < c.count && c[j + 1].isNumber) { break }
                    j += 1
                }
                add(.number, String(c[i..<j]))
                i = j
            } else if ch.isLetter || ch == "_" {
                var j = i
                while j < c.count && (c[j].isLetter || c[j].isNumber || c[j] == "_") { j += 1 }
                let word = String(c[i..<j])
                let kind: Kind = keywords.contains(word) ? .keyword : (word.first!.isUppercase ? .type : .plain)
                add(kind, word)
                i = j
            } else {
                add(.plain, String(ch))
                i += 1
            }
        }
        return runs
    }
}
