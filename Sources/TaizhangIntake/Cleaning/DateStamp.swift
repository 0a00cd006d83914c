/// Reads a publication stamp (2019-07-28 09:57:47, 2019年07月28日 09:57, 2019/7/28) as ISO 8601.
enum DateStamp {
    /// The ISO 8601 form of the first stamp in `text`, when it starts with one (after spaces).
    static func parse(_ text: String) -> String? {
        // 14∶48 (the ratio sign some pages print for a colon) reads as 14:48.
        let s = scalarArray(text).trimmed().map { $0 == "∶" ? ":" : $0 }
        if let european = dayFirst(s) { return european }
        var i = 0
        func number(maxDigits: Int) -> Int? {
            var v = 0
            var k = 0
            while i < s.count && k < maxDigits && s[i].isDigitLike {
                v = v * 10 + s[i].digitValue
                i += 1
                k += 1
            }
            return k == 0 ? nil : v
        }
        func separator(_ allowed: String) -> Bool {
            guard i < s.count, allowed.unicodeScalars.contains(s[i]) else { return false }
            i += 1
            return true
        }
        guard let y = number(maxDigits: 4), y >= 1900, y <= 2100, separator("-/.年") else { return nil }
        guard let mo = number(maxDigits: 2), (1...12).contains(mo), separator("-/.月") else { return nil }
        guard let d = number(maxDigits: 2), (1...31).contains(d) else { return nil }
        _ = separator("日")
        var result = String(format4(y)) + "-" + two(mo) + "-" + two(d)
        while i < s.count && s[i].isSpaceLike { i += 1 }
        if let h = number(maxDigits: 2), h < 24, separator(":："), let mi = number(maxDigits: 2), mi < 60 {
            result += "T" + two(h) + ":" + two(mi)
            if separator(":："), let sec = number(maxDigits: 2), sec < 60 { result += ":" + two(sec) }
        }
        return result
    }

    /// `12.08.2019  09:51`: day, month, year with dots, as some mirrored pages print it.
    private static func dayFirst(_ s: Scalars) -> String? {
        guard s.count >= 10, s[2] == ".", s[5] == ".", s[0...1].allSatisfy(\.isDigitLike),
            s[3...4].allSatisfy(\.isDigitLike), s[6...9].allSatisfy(\.isDigitLike),
            s.count == 10 || !s[10].isDigitLike
        else { return nil }
        let d = s[0].digitValue * 10 + s[1].digitValue
        let m = s[3].digitValue * 10 + s[4].digitValue
        let y = s[6...9].reduce(0) { $0 * 10 + $1.digitValue }
        guard (1...31).contains(d), (1...12).contains(m), (1900...2100).contains(y) else { return nil }
        var rest = Array(s[10...]).trimmed()
        var time = ""
        if rest.count >= 5, rest[2] == ":" || rest[2] == "：", rest[0...1].allSatisfy(\.isDigitLike),
            rest[3...4].allSatisfy(\.isDigitLike)
        {
            let h = rest[0].digitValue * 10 + rest[1].digitValue
            let mi = rest[3].digitValue * 10 + rest[4].digitValue
            if h < 24 && mi < 60 { time = "T" + two(h) + ":" + two(mi) }
            rest.removeFirst(5)
        }
        return "\(y)-" + two(m) + "-" + two(d) + time
    }

    private static func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
    private static func format4(_ v: Int) -> String { "\(v)" }
}
