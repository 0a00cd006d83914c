/// The words around the first hit of a search in a text, HTML-escaped, with the hit in `<mark>`.
public enum SearchSnippet {
    /// Characters shown on each side of the hit.
    static let context = 24

    /// The snippet of the first of `texts` that holds a hit of any term, or nil.
    public static func make(_ query: SearchQuery, in texts: [String]) -> String? {
        for text in texts {
            if let snippet = make(query, in: text) { return snippet }
        }
        return nil
    }

    static func make(_ query: SearchQuery, in text: String) -> String? {
        let original = Array(text.unicodeScalars)
        // Folding is scalar for scalar, so a hit's offsets in the folded text are its offsets in the original.
        let folded = original.map(SearchFold.fold)
        var best: (start: Int, end: Int)?
        for term in query.terms {
            guard let hit = firstHit(of: term.text, in: folded) else { continue }
            if best == nil || hit.start < best!.start { best = hit }
        }
        guard let hit = best else { return nil }
        let from = max(0, hit.start - context)
        let to = min(original.count, hit.end + context)
        func html(_ range: Range<Int>) -> String { escape(String(String.UnicodeScalarView(original[range]))) }
        return (from > 0 ? "…" : "") + html(from..<hit.start) + "<mark>" + html(hit.start..<hit.end) + "</mark>"
            + html(hit.end..<to) + (to < original.count ? "…" : "")
    }

    /// Where the term's segments appear in order, white space allowed between and within Chinese
    /// runs (as the index joins them), anything else not.
    static func firstHit(of segments: [[Unicode.Scalar]], in text: [Unicode.Scalar]) -> (start: Int, end: Int)? {
        let needle = segments.flatMap { $0 }
        guard let first = needle.first else { return nil }
        var start = 0
        while start < text.count {
            if text[start] == first, let end = match(needle, in: text, from: start) { return (start, end) }
            start += 1
        }
        return nil
    }

    static func match(_ needle: [Unicode.Scalar], in text: [Unicode.Scalar], from start: Int) -> Int? {
        var i = start
        for (n, u) in needle.enumerated() {
            if n > 0 { while i < text.count && SearchFold.classify(text[i]) == .space { i += 1 } }
            guard i < text.count, text[i] == u else { return nil }
            i += 1
        }
        return i
    }

    static func escape(_ s: String) -> String { HTMLEscape.escape(s) }
}
