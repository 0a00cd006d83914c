/// Numbers written in Chinese numerals (十二, 一百零五, 两, 三千五百) or Arabic digits.
enum ChineseNumerals {
    static let digits: [Unicode.Scalar: Int] = [
        "零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
    ]
    static let multipliers: [Unicode.Scalar: Int] = ["十": 10, "百": 100, "千": 1000]
    /// 万 and 亿 are read as part of the unit (100万元, 百万), as the annotations do.
    static let magnitudes: Set<Unicode.Scalar> = ["万", "亿"]

    static func isNumeral(_ u: Unicode.Scalar) -> Bool { CharClass.has(u, CharClass.numeral) }

    /// The value of a run of Chinese numerals, or nil when the run is not a well-formed number
    /// (十四五, 一二三).
    static func value(_ run: ArraySlice<Unicode.Scalar>) -> Int? {
        var total = 0
        var pending: Int? = nil
        var lastMultiplier = Int.max
        for u in run {
            if let d = digits[u] {
                if d == 0 {  // 一百零五: the zero only holds a place
                    if pending != nil { return nil }
                    continue
                }
                if pending != nil { return nil }  // two digits in a row (十四五) is a name, not a number
                pending = d
            } else if let m = multipliers[u] {
                guard m < lastMultiplier, let p = pending ?? (total == 0 ? 1 : nil) else { return nil }
                total += p * m
                pending = nil
                lastMultiplier = m
            } else {
                return nil
            }
        }
        return total + (pending ?? 0)
    }
}
