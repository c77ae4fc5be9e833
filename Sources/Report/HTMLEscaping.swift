/// Escaping for HTML text and attribute values, and a guard against script URLs in links.
public enum HTMLEscaping {
    /// Escapes `& < > " '`, so text can never open a tag or leave an attribute.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }

    /// A link target safe to put in `href`: http(s), mailto, in-page anchors and relative paths only.
    public static func safeURL(_ url: String) -> String {
        let lower = url.trimmingWhitespace().lowercased()
        if let colon = lower.firstIndex(of: ":"), !lower[..<colon].contains("/") {
            let scheme = lower[..<colon]
            guard ["http", "https", "mailto"].contains(String(scheme)) else { return "#" }
        }
        return escape(url)
    }
}
