/// Finding clause and sentence edges in a `FindingText`, treating quoted text as opaque:
/// a comma inside “…” does not end the clause around it.
extension FindingText {
    func isClauseDelimiter(_ k: Int, relativeTo i: Int) -> Bool {
        let u = s[k]
        guard
            u == "，" || u == "," || u == "；" || u == ";" || u == "。" || u == "！" || u == "？" || u == "\n" || u == "："
                || u == ":"
        else {
            return false
        }
        return u == "\n" || isQuoted(k) == isQuoted(i)
    }

    func isSentenceDelimiter(_ k: Int, relativeTo i: Int) -> Bool {
        let u = s[k]
        guard u == "。" || u == "！" || u == "？" || u == "；" || u == ";" || u == "\n" else { return false }
        return u == "\n" || isQuoted(k) == isQuoted(i)
    }

    /// Index of the first scalar of the clause holding `i`.
    func clauseStart(_ i: Int, limit: Int = 200) -> Int {
        var k = i - 1
        while k >= 0 && i - k < limit && !isClauseDelimiter(k, relativeTo: i) { k -= 1 }
        return k + 1
    }

    /// Index of the delimiter closing the clause holding `i` (or the text's end).
    func clauseEnd(_ i: Int, limit: Int = 200) -> Int {
        var k = i
        while k < count && k - i < limit && !isClauseDelimiter(k, relativeTo: i) { k += 1 }
        return k
    }

    func sentenceStart(_ i: Int, limit: Int = 600) -> Int {
        var k = i - 1
        while k >= 0 && i - k < limit && !isSentenceDelimiter(k, relativeTo: i) { k -= 1 }
        return k + 1
    }

    func sentenceEnd(_ i: Int, limit: Int = 400) -> Int {
        var k = i
        while k < count && k - i < limit && !isSentenceDelimiter(k, relativeTo: i) { k += 1 }
        return k
    }

    /// The trimmed original text of `r`, nil when nothing is left.
    func phrase(_ r: Range<Int>) -> String? {
        guard r.lowerBound < r.upperBound else { return nil }
        let p = Array(original[r]).trimmed()
        return p.isEmpty ? nil : p.string
    }
}
