import Plotting

/// Escaping for HTML text and attribute values, and a guard against script URLs in links.
public enum HTMLEscaping {
    /// Escapes `& < > " '`, so text can never open a tag or leave an attribute (the same five
    /// entities as Pango markup, so it is `Markup.escape`).
    public static func escape(_ text: String) -> String { Markup.escape(text) }

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
