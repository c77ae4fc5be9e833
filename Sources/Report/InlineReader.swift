/// Inline Markdown: code spans, `**strong**` / `__strong__`, `*emphasis*` / `_emphasis_` (an
/// underscore inside a word, as in `r_T`, is literal), `[links](url)`, `<https://autolinks>`,
/// `~subscript~` and `^superscript^` (Pandoc; no spaces inside), backslash escapes and hard line
/// breaks (two trailing spaces or a backslash before a newline).
public enum InlineReader {
    public static func parse(_ text: String) -> [Inline] {
        var parser = Parser(characters: Array(text))
        return parser.parse(until: nil)
    }

    private struct Parser {
        let characters: [Character]
        var position = 0
        var output: [Inline] = []
        var pending = ""

        init(characters: [Character]) { self.characters = characters }

        func at(_ i: Int) -> Character? { i >= 0 && i < characters.count ? characters[i] : nil }

        mutating func flush() {
            if !pending.isEmpty { output.append(.text(pending)); pending = "" }
        }

        mutating func emit(_ inline: Inline) {
            flush()
            output.append(inline)
        }

        mutating func parse(until end: Int?) -> [Inline] {
            let stop = end ?? characters.count
            while position < stop {
                let c = characters[position]
                switch c {
                case "\\":
                    if let next = at(position + 1), position + 1 < stop {
                        if next == "\n" {
                            emit(.lineBreak)
                            position += 2
                        } else if next.isPunctuation || next.isSymbol {
                            pending.append(next)
                            position += 2
                        } else {
                            pending.append(c)
                            position += 1
                        }
                    } else {
                        pending.append(c)
                        position += 1
                    }
                case "`":
                    if !codeSpan(stop: stop) { pending.append(c); position += 1 }
                case "*", "_":
                    if !emphasis(c, stop: stop) { pending.append(c); position += 1 }
                case "[":
                    if !link(stop: stop) { pending.append(c); position += 1 }
                case "<":
                    if !autolink(stop: stop) { pending.append(c); position += 1 }
                case "~", "^":
                    if !script(c, stop: stop) { pending.append(c); position += 1 }
                case "\n":
                    if pending.hasSuffix("  ") {
                        while pending.hasSuffix(" ") { pending.removeLast() }
                        emit(.lineBreak)
                    } else {
                        while pending.hasSuffix(" ") { pending.removeLast() }
                        pending.append(" ")
                    }
                    position += 1
                default:
                    pending.append(c)
                    position += 1
                }
            }
            flush()
            return output
        }

        /// Index of the first occurrence of `run` at or after `from`, before `stop`, skipping code spans.
        func find(_ delimiter: [Character], from: Int, stop: Int, accept: (Int) -> Bool) -> Int? {
            var i = from
            while i + delimiter.count <= stop {
                if characters[i] == "`" {
                    let n = runLength(of: "`", at: i)
                    if let close = closingBackticks(n, from: i + n, stop: stop) { i = close + n; continue }
                }
                if characters[i] == "\\" { i += 2; continue }
                if Array(characters[i..<i + delimiter.count]) == delimiter, accept(i) { return i }
                i += 1
            }
            return nil
        }

        func runLength(of c: Character, at i: Int) -> Int {
            var n = 0
            while at(i + n) == c { n += 1 }
            return n
        }

        func closingBackticks(_ n: Int, from: Int, stop: Int) -> Int? {
            var i = from
            while i < stop {
                if characters[i] == "`" {
                    let run = runLength(of: "`", at: i)
                    if run == n { return i }
                    i += run
                } else {
                    i += 1
                }
            }
            return nil
        }

        mutating func codeSpan(stop: Int) -> Bool {
            let n = runLength(of: "`", at: position)
            guard let close = closingBackticks(n, from: position + n, stop: stop) else { return false }
            var code = String(characters[(position + n)..<close]).replacingOccurrences(of: "\n", with: " ")
            if code.count >= 2, code.hasPrefix(" "), code.hasSuffix(" "), !code.allSatisfy({ $0 == " " }) {
                code = String(code.dropFirst().dropLast())
            }
            emit(.code(code))
            position = close + n
            return true
        }

        mutating func emphasis(_ c: Character, stop: Int) -> Bool {
            let doubled = at(position + 1) == c
            let width = doubled ? 2 : 1
            let delimiter = Array(repeating: c, count: width)
            let before = at(position - 1)
            guard let after = at(position + width), !after.isWhitespace else { return false }
            if c == "_", let before, before.isLetter || before.isNumber { return false }
            let open = position
            let close = find(delimiter, from: open + width, stop: stop) { i in
                guard i > open + width, let prev = at(i - 1), !prev.isWhitespace else { return false }
                if !doubled && at(i + 1) == c { return false }       // part of a `**` run
                if !doubled && at(i - 1) == c { return false }
                if c == "_", let next = at(i + width), next.isLetter || next.isNumber { return false }
                return true
            }
            guard let close else { return false }
            flush()
            var inner = Parser(characters: characters)
            inner.position = position + width
            let content = inner.parse(until: close)
            output.append(doubled ? .strong(content) : .emphasis(content))
            position = close + width
            return true
        }

        mutating func link(stop: Int) -> Bool {
            var depth = 0
            var i = position
            var closeBracket: Int?
            while i < stop {
                let ch = characters[i]
                if ch == "\\" { i += 2; continue }
                if ch == "`" {
                    let n = runLength(of: "`", at: i)
                    if let close = closingBackticks(n, from: i + n, stop: stop) { i = close + n; continue }
                }
                if ch == "[" { depth += 1 }
                if ch == "]" {
                    depth -= 1
                    if depth == 0 { closeBracket = i; break }
                }
                i += 1
            }
            guard let closeBracket, at(closeBracket + 1) == "(" else { return false }
            var j = closeBracket + 2
            var parens = 1
            while j < stop {
                if characters[j] == "(" { parens += 1 }
                if characters[j] == ")" { parens -= 1; if parens == 0 { break } }
                j += 1
            }
            guard j < stop else { return false }
            var url = String(characters[(closeBracket + 2)..<j]).trimmingWhitespace()
            if url.hasPrefix("<") && url.hasSuffix(">") { url = String(url.dropFirst().dropLast()) }
            if let space = url.firstIndex(of: " ") { url = String(url[..<space]) }  // drop a "title"
            flush()
            var inner = Parser(characters: characters)
            inner.position = position + 1
            let text = inner.parse(until: closeBracket)
            output.append(.link(text: text, url: url))
            position = j + 1
            return true
        }

        mutating func script(_ c: Character, stop: Int) -> Bool {
            var j = position + 1
            while j < stop, characters[j] != c {
                if characters[j].isWhitespace { return false }
                j += 1
            }
            guard j < stop, j > position + 1 else { return false }
            let content = String(characters[(position + 1)..<j]).replacingOccurrences(of: "\\", with: "")
            emit(c == "~" ? .sub(content) : .sup(content))
            position = j + 1
            return true
        }

        mutating func autolink(stop: Int) -> Bool {
            guard let close = find([">"], from: position + 1, stop: stop, accept: { _ in true }) else { return false }
            let url = String(characters[(position + 1)..<close])
            guard url.hasPrefix("http://") || url.hasPrefix("https://") || url.hasPrefix("mailto:"),
                  !url.contains(" ") else { return false }
            emit(.link(text: [.text(url)], url: url))
            position = close + 1
            return true
        }
    }
}
