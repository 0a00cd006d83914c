/// Removes pinyin glosses that some pages print after characters: `關(guān)` → `關`.
///
/// Recognised by shape, not by word: an opening parenthesis right after a character,
/// one to seven lower-case Latin letters of which at least one carries a tone mark (or is ü),
/// then the closing parenthesis. `(2019)`, `(试行)` and `(PPP)` stay.
enum PinyinGlosses {
    static let toned: Set<Unicode.Scalar> = Set("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ".unicodeScalars)

    static func isPinyinLetter(_ u: Unicode.Scalar) -> Bool {
        (u.value >= 0x61 && u.value <= 0x7A) || toned.contains(u)
    }

    static func strip(_ s: Scalars) -> Scalars {
        var out: Scalars = []
        out.reserveCapacity(s.count)
        var i = 0
        while i < s.count {
            let u = s[i]
            // Usually after a character; also after a character the capture garbled (`?,F(xiàn)`).
            if u == "(" || u == "（", let last = out.last, !last.isSpaceLike {
                var j = i + 1
                var tone = false
                while j < s.count && j - i <= 8 && isPinyinLetter(s[j]) {
                    if toned.contains(s[j]) { tone = true }
                    j += 1
                }
                if tone, j > i + 1, j < s.count, s[j] == ")" || s[j] == "）" {
                    i = j + 1
                    continue
                }
            }
            out.append(u)
            i += 1
        }
        return out
    }
}
