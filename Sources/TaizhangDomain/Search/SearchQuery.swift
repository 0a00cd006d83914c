/// What someone typed into the search box, as terms that must all match: each word (split at
/// white space) or quoted phrase is one term, matched as a phrase of its tokens. Hostile input
/// (operators, quotes, wildcards, emoji) cannot reach the engines' query languages: only tokens
/// made of Chinese characters, letters and digits are ever written into a query, each quoted.
public struct SearchQuery: Sendable, Equatable {
    /// One term: tokens that must appear in this order, the last one possibly as a prefix.
    public struct Term: Sendable, Equatable {
        public var tokens: [String]
        public var lastIsPrefix: Bool
        /// The term as typed (folded), for the snippet: what to look for in the text.
        public var text: [[Unicode.Scalar]]
    }

    public let terms: [Term]

    /// Longer queries are refused: a search box, not a document.
    public static let maxLength = 100

    /// Parses `text`; refuses one that is too long, holds control characters, or holds nothing
    /// searchable, with a 400 naming `field`.
    public init(_ text: String, field: String = "q") throws(DomainError) {
        try Limits.text(text, field: field, max: Self.maxLength)
        var terms: [Term] = []
        for (chunk, quoted) in Self.chunks(text) {
            if quoted {
                if let term = Self.term(SearchSegments.of(chunk)) { terms.append(term) }
            } else {
                for word in chunk.split(whereSeparator: { SearchFold.classify($0.unicodeScalars.first!) == .space }) {
                    if let term = Self.term(SearchSegments.of(String(word))) { terms.append(term) }
                }
            }
        }
        guard !terms.isEmpty else {
            throw DomainError.invalid(
                field, zh: "搜索词中没有可以搜索的文字（汉字、字母或数字）",
                en: "the search holds nothing searchable (Chinese characters, letters or digits)",
                code: "nothing_to_search")
        }
        self.terms = terms
    }

    /// The query in a `q=` parameter: nil when absent or blank (no text filter), else parsed.
    public static func parse(_ text: String?, field: String = "q") throws(DomainError) -> SearchQuery? {
        guard let text, !text.allSatisfy({ $0.isWhitespace }) else { return nil }
        return try SearchQuery(text, field: field)
    }

    /// Splits at double quotes: text between a pair is one phrase; a lone quote is ignored.
    static func chunks(_ text: String) -> [(String, Bool)] {
        let quotes: Set<Character> = ["\"", "“", "”", "＂"]
        var out: [(String, Bool)] = []
        var current = ""
        var inQuote = false
        let closing = text.filter { quotes.contains($0) }.count
        var seen = 0
        for c in text {
            if quotes.contains(c) {
                seen += 1
                // An opening quote without a partner is just a separator.
                if !inQuote && seen == closing && closing % 2 == 1 {
                    current.append(" ")
                    continue
                }
                out.append((current, inQuote))
                current = ""
                inQuote.toggle()
            } else {
                current.append(c)
            }
        }
        out.append((current, inQuote))
        return out.filter { !$0.0.isEmpty }
    }

    /// The tokens of one term, matching how `SearchDocument` indexes: a Chinese run gives its
    /// bigrams, plus its last character when a word follows it (the document holds that too), and a
    /// single character gives a prefix when it ends the term (or itself when something follows).
    static func term(_ segments: [SearchSegment]) -> Term? {
        guard !segments.isEmpty else { return nil }
        var tokens: [String] = []
        var prefix = false
        for (i, segment) in segments.enumerated() {
            let last = i == segments.count - 1
            if segment.kind == .han && segment.scalars.count == 1 {
                tokens.append(segment.text)
                prefix = last
            } else {
                var own = SearchDocument.tokens(of: segment)
                if segment.kind == .han && last { own.removeLast() }
                tokens += own
                prefix = false
            }
        }
        return Term(tokens: tokens, lastIsPrefix: prefix, text: segments.map(\.scalars))
    }

    /// The FTS5 expression: each term a quoted phrase (prefix marked), all ANDed.
    public var fts5: String { terms.map(Self.fts5Phrase).joined(separator: " AND ") }

    /// One term as an FTS5 phrase (prefix marked).
    public static func fts5Phrase(_ term: Term) -> String {
        "\"" + term.tokens.joined(separator: " ") + "\"" + (term.lastIsPrefix ? " *" : "")
    }

    /// The FTS5 expression for "`leading` and every term", the terms intersected one at a time in
    /// `order` (indexes of `terms`, the rarest first), so each is asked for a row only once the
    /// rarer ones agree on it.
    ///
    /// Why: FTS5 merges nested ANDs into one, whose operands it advances in turn to the furthest
    /// row any of them reached. A common word (养老, in 23 % of a million problems) was then
    /// moved at nearly every step of a county's list against a rare word (殡葬), a few dozen
    /// entries at a time, which FTS5 can only step through one by one inside a page: the whole
    /// of its list, 3.7 of a 4.0 ms statement, measured. A `NOT` of a token that no document holds
    /// (`fts5NoToken`) keeps a nested AND apart and changes no result: 4.0 → 2.0 ms.
    public func fts5(after leading: String?, order: [Int]) -> String {
        let operands = (leading.map { [$0] } ?? []) + order.map { Self.fts5Phrase(terms[$0]) }
        guard var expression = operands.first else { return "" }
        for (i, operand) in operands.dropFirst().enumerated() {
            let agreed = i == 0 ? expression : "(" + expression + " NOT " + Self.fts5NoToken + ")"
            expression = "(" + agreed + " AND " + operand + ")"
        }
        return expression
    }

    /// A token no document holds: a private-use character, which the cutter treats as a
    /// separator (so no text and no query can produce it), with nothing after it (the scope
    /// tokens that begin with one all have digits).
    static let fts5NoToken = "\"\u{E002}\""

    /// The PostgreSQL `tsquery` text: each term a phrase (`<->`), the last token `:*` when a
    /// prefix, all ANDed.
    public var tsquery: String { tsquery(qualifier: "") }

    /// The same of the tokens qualified by a unit (`SearchScope.qualifier`): the words in the
    /// titles of that unit's subtree.
    public func tsquery(qualifier: String) -> String {
        terms.map { term in
            let parts = term.tokens.enumerated().map { i, token in
                Self.quoteLexeme(qualifier + token) + (term.lastIsPrefix && i == term.tokens.count - 1 ? ":*" : "")
            }
            return parts.count == 1 ? parts[0] : "(" + parts.joined(separator: " <-> ") + ")"
        }.joined(separator: " & ")
    }

    /// A lexeme quoted for tsvector and tsquery input (tokens hold no quotes, but be exact).
    /// Tokens are letters, digits and Chinese characters, so there is almost never anything to
    /// escape: checked on bytes first (Foundation's `replacingOccurrences`, twice per token, was
    /// half of writing 20,000 problems' index rows on PostgreSQL, profiled).
    static func quoteLexeme(_ token: String) -> String {
        if !token.utf8.contains(where: { $0 == UInt8(ascii: "'") || $0 == UInt8(ascii: "\\") }) {
            return "'" + token + "'"
        }
        var out = "'"
        for ch in token {
            switch ch {
            case "\\": out += "\\\\"
            case "'": out += "''"
            default: out.append(ch)
            }
        }
        return out + "'"
    }
}
