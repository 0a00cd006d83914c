/// The tokens a text is indexed by, in order: a Chinese run gives its overlapping bigrams and
/// then its last character alone (so one character is found by a prefix on the tokens, and a run
/// followed by a word keeps its neighbour); a run of one character gives that character; a word
/// gives itself. The same tokens go into SQLite's FTS5 and PostgreSQL's tsvector.
public struct SearchDocument: Sendable, Equatable {
    /// The tokens separated by single spaces: what FTS5 indexes (its tokenizer splits on nothing
    /// else that tokens can hold). Kept as one string, written byte by byte: every note re-indexes
    /// its problem's texts, and building a `String` per token was a third of a note's CPU.
    public let ftsText: String

    /// The tokens of `parts`, then `extra` tokens as they are (`SearchScope`'s).
    public init(_ parts: [String], extra: [String] = []) {
        var cutter = SearchTokenCutter()
        for part in parts { cutter.cut(part) }
        for token in extra { cutter.appendToken(token) }
        ftsText = String(decoding: cutter.bytes, as: UTF8.self)
    }

    /// This document followed by scope tokens (`SearchScope.tokens(in:)` of another document).
    public func withScope(_ scope: String) -> SearchDocument {
        if scope.isEmpty { return self }
        return SearchDocument(ftsText: ftsText.isEmpty ? scope : ftsText + " " + scope)
    }

    private init(ftsText: String) { self.ftsText = ftsText }

    /// The tokens one at a time.
    public var tokens: [String] { ftsText.split(separator: " ").map(String.init) }

    /// The tokens of one segment (a query term's, cut the same way as a document's).
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

    /// A PostgreSQL `tsvector` literal with positions (so phrases match as on SQLite). Positions
    /// past PostgreSQL's limit of 16,383 stay at the limit.
    public var tsvectorLiteral: String { tsvectorLiteral(qualifiers: nil) }

    /// The literal of this document's tokens (but the scope tokens) each written after every one of
    /// `qualifiers`, at the token's positions, so a phrase or a prefix of qualified tokens matches
    /// as the plain ones do (`SearchScope.qualifier`). Empty without qualifiers.
    public func qualifiedTsvectorLiteral(_ qualifiers: [String]) -> String {
        qualifiers.isEmpty ? "" : tsvectorLiteral(qualifiers: qualifiers)
    }

    /// The same tokens as `tsvectorLiteral`, in PostgreSQL's binary form of a `tsvector` (what
    /// its `tsvectorrecv` reads: the number of lexemes, then each lexeme's UTF-8 ended by a zero
    /// byte, its number of positions and the positions, big-endian).
    ///
    /// Why: the server parses a literal (quotes, escapes, positions in decimal) when it binds it,
    /// and that was 6.2–6.9 s of a 100,000-row PostgreSQL import's statements (server log).
    public var tsvectorBinary: [UInt8] { tsvectorBinary(qualifiers: nil) }

    /// `qualifiedTsvectorLiteral` in the binary form; an empty `tsvector` without qualifiers.
    public func qualifiedTsvectorBinary(_ qualifiers: [String]) -> [UInt8] {
        tsvectorBinary(qualifiers: qualifiers.isEmpty ? [] : qualifiers)
    }

    /// On the bytes: with substrings for keys (hashed and compared as Unicode) and strings joined
    /// per lexeme, this was half of a PostgreSQL import's own CPU time (profiled).
    private func tsvectorLiteral(qualifiers: [String]?) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(ftsText.utf8.count * (2 + 3 * (qualifiers?.count ?? 0)))
        forEachLexeme(qualifiers: qualifiers) { prefix, token, positions in
            if !out.isEmpty { out.append(UInt8(ascii: " ")) }
            out.append(UInt8(ascii: "'"))
            if let prefix { out += prefix }
            for byte in token {
                if byte == UInt8(ascii: "'") || byte == UInt8(ascii: "\\") { out.append(byte) }
                out.append(byte)
            }
            out.append(UInt8(ascii: "'"))
            out.append(UInt8(ascii: ":"))
            for (k, p) in positions.enumerated() {
                if k > 0 { out.append(UInt8(ascii: ",")) }
                out += String(p).utf8
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private func tsvectorBinary(qualifiers: [String]?) -> [UInt8] {
        var out: [UInt8] = [0, 0, 0, 0]
        out.reserveCapacity(ftsText.utf8.count * (2 + 3 * (qualifiers?.count ?? 0)) + 4)
        var count: UInt32 = 0
        func append16(_ v: Int) {
            out.append(UInt8(truncatingIfNeeded: v >> 8))
            out.append(UInt8(truncatingIfNeeded: v))
        }
        forEachLexeme(qualifiers: qualifiers) { prefix, token, positions in
            count += 1
            if let prefix { out += prefix }
            out += token
            out.append(0)
            append16(positions.count)
            for p in positions { append16(p) }
        }
        for i in 0..<4 { out[i] = UInt8(truncatingIfNeeded: count >> (24 - 8 * i)) }
        return out
    }

    /// Each distinct token once, in the order first seen, with its positions (at most 256, each
    /// at most 16,383, ascending); with `qualifiers`, each token but the scope tokens once per
    /// qualifier, the qualifier before it.
    private func forEachLexeme(
        qualifiers: [String]?, _ body: (_ prefix: String.UTF8View?, _ token: [UInt8], _ positions: [Int]) -> Void
    ) {
        var text = ftsText
        text.withUTF8 { bytes in
            var slot: [[UInt8]: Int] = [:]
            var lexemes: [(token: [UInt8], positions: [Int])] = []
            var position = 0
            var start = 0
            for end in 0...bytes.count where end == bytes.count || bytes[end] == UInt8(ascii: " ") {
                defer { start = end + 1 }
                guard end > start else { continue }
                position += 1
                let at = min(position, 16_383)
                let token = Array(bytes[start..<end])
                if let i = slot[token] {
                    // A position may repeat once clamped; PostgreSQL takes at most 256 per lexeme.
                    if lexemes[i].positions.last != at && lexemes[i].positions.count < 256 {
                        lexemes[i].positions.append(at)
                    }
                } else {
                    slot[token] = lexemes.count
                    lexemes.append((token, [at]))
                }
            }
            for lexeme in lexemes {
                guard let qualifiers else {
                    body(nil, lexeme.token, lexeme.positions)
                    continue
                }
                // Scope tokens start with U+E000 (EE 80 80 in UTF-8): a qualified one would say nothing.
                if lexeme.token.starts(with: [0xEE, 0x80, 0x80]) { continue }
                for qualifier in qualifiers { body(qualifier.utf8, lexeme.token, lexeme.positions) }
            }
        }
    }
}

/// Cuts texts into tokens as `SearchSegments` segments them, in one pass, writing UTF-8 bytes.
struct SearchTokenCutter {
    private(set) var bytes: [UInt8] = []
    /// The previous character of the Chinese run being cut, if one is open.
    private var hanTail: Unicode.Scalar?
    /// Where the word being cut starts in `bytes`, and how many characters it has.
    private var wordStart: Int?
    private var wordLength = 0
    /// White space since the last character: it ends a word, and a Chinese run only when what
    /// follows is not Chinese (a title broken over two lines is still one run).
    private var pendingSpace = false

    mutating func cut(_ text: String) {
        for raw in text.unicodeScalars {
            let (u, kind) = SearchFold.foldAndClassify(raw)
            switch kind {
            case .han:
                endWord()
                if let tail = hanTail {
                    startToken()
                    append(tail)
                    append(u)
                }
                hanTail = u
            case .word:
                endHan()
                if wordStart == nil {
                    startToken()
                    wordStart = bytes.count
                    wordLength = 0
                }
                if wordLength < SearchSegments.maxWord {
                    append(u)
                    wordLength += 1
                }
            case .space:
                endWord()
                pendingSpace = true
                continue
            case .separator:
                endHan()
                endWord()
            }
            pendingSpace = false
        }
        endHan()
        endWord()
        pendingSpace = false
    }

    /// Appends a token made elsewhere, whole.
    mutating func appendToken(_ token: String) {
        startToken()
        bytes.append(contentsOf: token.utf8)
    }

    private mutating func endHan() {
        guard let tail = hanTail else { return }
        startToken()
        append(tail)
        hanTail = nil
    }

    private mutating func endWord() { wordStart = nil }

    private mutating func startToken() {
        if !bytes.isEmpty { bytes.append(0x20) }
    }

    private mutating func append(_ u: Unicode.Scalar) {
        let v = u.value
        switch v {
        case ..<0x80:
            bytes.append(UInt8(v))
        case ..<0x800:
            bytes.append(UInt8(0xC0 | (v >> 6)))
            bytes.append(UInt8(0x80 | (v & 0x3F)))
        case ..<0x10000:
            bytes.append(UInt8(0xE0 | (v >> 12)))
            bytes.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
            bytes.append(UInt8(0x80 | (v & 0x3F)))
        default:
            bytes.append(UInt8(0xF0 | (v >> 18)))
            bytes.append(UInt8(0x80 | ((v >> 12) & 0x3F)))
            bytes.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
            bytes.append(UInt8(0x80 | (v & 0x3F)))
        }
    }
}
