/// How much of a known text a reading recovered: 1 − d / n, where d is the Levenshtein distance
/// (insertions, deletions and substitutions of characters) between the reading and the truth and
/// n the truth's length, floored at 0 — the usual OCR character accuracy. Both texts are compared
/// in upper case with runs of white space collapsed to one space; an empty reading scores 0.
public enum CharacterAccuracy {
    public static func of(_ reading: String, truth: String) -> Double {
        let read = normalised(reading), expected = normalised(truth)
        guard !expected.isEmpty else { return read.isEmpty ? 1 : 0 }
        return max(0, 1 - Double(editDistance(read, expected)) / Double(expected.count))
    }

    /// Levenshtein distance over characters (grapheme clusters).
    public static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }

    static func normalised(_ text: String) -> String {
        text.uppercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}
