/// The tokens a text is indexed by, in order: a Chinese run gives its overlapping bigrams and
/// then its last character alone (so one character is found by a prefix on the tokens, and a run
/// followed by a word keeps its neighbour); a run of one character gives that character; a word
/// gives itself. The same tokens go into SQLite's FTS5 and PostgreSQL's tsvector.
public struct SearchDocument: Sendable, Equatable {
    public let tokens: [String]

    public init(_ parts: [String]) {
        var tokens: [String] = []
        for part in parts {
            for segment in SearchSegments.of(part) {
                tokens += Self.tokens(of: segment)
            }
        }
        self.tokens = tokens
    }

    static func tokens(of segment: SearchSegment) -> [String] {
        let s = segment.scalars
        guard segment.kind == .han, s.count > 1 else { return [segment.text] }
        var out: [String] = []
        out.reserveCapacity(s.count)
        for i in 0..<(s.count - 1) {
            var pair = String.UnicodeScalarView()
            pair.append(s[i])
            pair.append(s[i + 1])
            out.append(String(pair))
        }
        out.append(String(String.UnicodeScalarView([s[s.count - 1]])))
        return out
    }

    /// The text FTS5 indexes: tokens separated by spaces (its tokenizer splits on nothing else
    /// that tokens can hold).
    public var ftsText: String { tokens.joined(separator: " ") }

    /// A PostgreSQL `tsvector` literal with positions (so phrases match as on SQLite). Positions
    /// past PostgreSQL's limit of 16,383 stay at the limit.
    public var tsvectorLiteral: String {
        var positions: [String: [Int]] = [:]
        var order: [String] = []
        for (i, token) in tokens.enumerated() {
            if positions[token] == nil { order.append(token) }
            positions[token, default: []].append(min(i + 1, 16_383))
        }
        return order.map { token in
            let list = positions[token]!
            // A position may repeat once clamped; PostgreSQL takes at most 256 per lexeme.
            var seen = Set<Int>()
            let unique = list.filter { seen.insert($0).inserted }.prefix(256)
            return SearchQuery.quoteLexeme(token) + ":" + unique.map(String.init).joined(separator: ",")
        }.joined(separator: " ")
    }
}
