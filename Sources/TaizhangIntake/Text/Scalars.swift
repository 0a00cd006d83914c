/// Character classes and small matching helpers over unicode scalars.
///
/// The reader works on `[Unicode.Scalar]` rather than `String` because indexing and
/// comparing scalars is an order of magnitude faster than walking grapheme clusters,
/// and Chinese text has no clusters that matter here.
typealias Scalars = [Unicode.Scalar]

extension Unicode.Scalar {
    var isASCIIDigit: Bool { value >= 0x30 && value <= 0x39 }
    var isFullwidthDigit: Bool { value >= 0xFF10 && value <= 0xFF19 }
    var isDigitLike: Bool { isASCIIDigit || isFullwidthDigit }
    var digitValue: Int { isFullwidthDigit ? Int(value - 0xFF10) : Int(value - 0x30) }
    var isASCIILetter: Bool { (value | 0x20) >= 0x61 && (value | 0x20) <= 0x7A }
    var isHan: Bool { (value >= 0x4E00 && value <= 0x9FFF) || (value >= 0x3400 && value <= 0x4DBF) }

    /// Spaces of every width a captured page uses, plus BOM and zero-width marks.
    var isSpaceLike: Bool {
        switch value {
        case 0x20, 0x09, 0x0B, 0x0C, 0xA0, 0x3000, 0x200B, 0x200C, 0x200D, 0xFEFF, 0x2002, 0x2003, 0x2009:
            return true
        default:
            return false
        }
    }

    /// Punctuation that ends a sentence in Chinese or Western text.
    var isSentenceEnd: Bool {
        switch value {
        case 0x3002, 0xFF01, 0xFF1F, 0x21, 0x3F, 0xFF1B, 0x3B, 0x2026: return true  // 。！？!?；;…
        default: return false
        }
    }

    /// Punctuation that ends a clause (a sentence end, or a comma or colon).
    var isClauseEnd: Bool {
        isSentenceEnd || value == 0xFF0C || value == 0x2C || value == 0xFF1A || value == 0x3A || value == 0x0A
    }

    var isOpeningQuote: Bool {
        switch value {
        case 0x201C, 0x300C, 0x300E, 0x300A, 0x3008, 0x2018: return true  // “ 「 『 《 〈 ‘
        default: return false
        }
    }

    var isClosingQuote: Bool {
        switch value {
        case 0x201D, 0x300D, 0x300F, 0x300B, 0x3009, 0x2019: return true
        default: return false
        }
    }
}

extension Array where Element == Unicode.Scalar {
    init(_ string: String) { self = Array(string.unicodeScalars) }

    /// True when `word` occurs at `index`.
    func has(_ word: Scalars, at index: Int) -> Bool {
        guard index >= 0, index + word.count <= count else { return false }
        var k = 0
        while k < word.count {
            if self[index + k] != word[k] { return false }
            k += 1
        }
        return true
    }

    /// True when the text ends with `word` just before `end`.
    func has(_ word: Scalars, endingAt end: Int) -> Bool { has(word, at: end - word.count) }

    /// The first occurrence of `word` in `from..<limit`, if any.
    func find(_ word: Scalars, from: Int, limit: Int? = nil) -> Int? {
        guard let first = word.first else { return nil }
        let end = Swift.min(limit ?? count, count) - word.count
        var i = Swift.max(from, 0)
        while i <= end {
            if self[i] == first && has(word, at: i) { return i }
            i += 1
        }
        return nil
    }

    func string(_ range: Range<Int>) -> String {
        var s = String.UnicodeScalarView()
        s.append(contentsOf: self[range])
        return String(s)
    }

    var string: String { string(0..<count) }

    /// Removes leading and trailing spaces of every width.
    func trimmed() -> Scalars {
        var lo = 0
        var hi = count
        while lo < hi && self[lo].isSpaceLike { lo += 1 }
        while hi > lo && self[hi - 1].isSpaceLike { hi -= 1 }
        return Array(self[lo..<hi])
    }
}

/// Builds a scalar array from a literal; used for the many fixed words the rules look for.
func scalarArray(_ s: String) -> Scalars { Array(s.unicodeScalars) }

/// Removes every space-like scalar; how lines and phrases are compared.
func squashed(_ s: String) -> String {
    var v = String.UnicodeScalarView()
    for u in s.unicodeScalars where !u.isSpaceLike && u != "\n" && u != "\r" { v.append(u) }
    return String(v)
}
