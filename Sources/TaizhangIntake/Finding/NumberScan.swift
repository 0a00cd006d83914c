/// A number as written at some place in a text.
struct ScannedNumber {
    var start: Int
    var end: Int
    var value: Double
    var isChinese: Bool
    var digitCount: Int
}

/// Reads Arabic (88, 1,288, 3.5) and Chinese (六, 二十七, 两) numbers.
enum NumberScan {
    static func startsNumber(_ s: Scalars, _ i: Int) -> Bool {
        let u = s[i]
        guard u.isDigitLike || ChineseNumerals.isNumeral(u) else { return false }
        guard i > 0 else { return true }
        let p = s[i - 1]
        return !(p.isDigitLike || CharClass.has(p, CharClass.numeral | CharClass.magnitude) || p == "." || p == "．")
    }

    static func read(_ s: Scalars, at i: Int, maxLength: Int = 16) -> ScannedNumber? {
        let n = s.count
        guard i >= 0, i < n else { return nil }
        var j = i
        if s[i].isDigitLike {
            var v = 0.0
            var digits = 0
            while j < n && digits < maxLength {
                if s[j].isDigitLike {
                    v = v * 10 + Double(s[j].digitValue)
                    digits += 1
                    j += 1
                } else if s[j] == "," && j + 3 < n && s[j + 1].isDigitLike && s[j + 2].isDigitLike
                    && s[j + 3].isDigitLike
                    && !(j + 4 < n && s[j + 4].isDigitLike)
                {
                    j += 1  // 1,288: a thousands separator
                } else {
                    break
                }
            }
            if j + 1 < n && (s[j] == "." || s[j] == "．") && s[j + 1].isDigitLike {
                var scale = 0.1
                j += 1
                while j < n && s[j].isDigitLike {
                    v += Double(s[j].digitValue) * scale
                    scale /= 10
                    j += 1
                }
            }
            return ScannedNumber(start: i, end: j, value: v, isChinese: false, digitCount: digits)
        }
        while j < n && ChineseNumerals.isNumeral(s[j]) && j - i < 8 { j += 1 }
        guard j > i, let v = ChineseNumerals.value(s[i..<j]) else { return nil }
        return ScannedNumber(start: i, end: j, value: Double(v), isChinese: true, digitCount: j - i)
    }
}
