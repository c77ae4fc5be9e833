import Notebook

/// Everything the weaver needs about one chapter: its source and what the store knows about its runs.
public struct ChapterInput: Sendable {
    public var id: String
    public var number: Int
    /// The text of `main.swift`.
    public var source: String
    /// The key the chapter's results would have now; results with another key are stale.
    public var currentKey: String
    public var results: ChapterResults?
    public var run: RunRecord?
    /// Why the stored results or run record could not be read, if they could not.
    public var loadError: String?

    public init(id: String, number: Int, source: String, currentKey: String, results: ChapterResults? = nil,
                run: RunRecord? = nil, loadError: String? = nil) {
        self.id = id
        self.number = number
        self.source = source
        self.currentKey = currentKey
        self.results = results
        self.run = run
        self.loadError = loadError
    }

    /// Fresh results: made for the current key.
    public var isFresh: Bool { results?.key == currentKey }
}
