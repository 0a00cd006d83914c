/// Finds dates and date ranges as written (7月16日, 6月下旬, 7·15, 7月16日至8月26日, 7-8月份)
/// and deadlines (8月底前, 年底前, 6月30日前) with what is due.
///
/// A year alone (2019年) is not a date; a date that ends in 前 is a deadline instead.
enum DateFinder {
    private static let partsOfMonth: [Scalars] = ["上旬", "中旬", "下旬", "初", "中", "底", "末"].map(scalarArray)
    private static let holidays: [Scalars] = ["春节", "国庆节", "国庆", "元旦", "中秋节", "中秋", "五一", "清明节"].map(scalarArray)

    struct Found {
        var dates: [String]
        var deadlines: [Deadline]
    }

    static func find(in t: FindingText) -> Found {
        let s = t.s
        var dates: [String] = []
        var seenDates = Set<String>()
        var deadlines: [Deadline] = []
        var seenDeadlines = Set<String>()
        var i = 0
        while i < s.count {
            if CharClass.has(s[i], CharClass.deadlineStart | CharClass.numeral) || s[i].isDigitLike,
                let end = deadline(at: i, in: s)
            {
                let text = t.text(i..<end)
                if seenDeadlines.insert(squashed(text)).inserted {
                    deadlines.append(Deadline(text: text, about: about(from: end, in: t)))
                }
                i = end
                continue
            }
            // 每月15日: a day of every month
            if s.has(everyMonth, at: i), let d = NumberScan.read(s, at: i + 2, maxLength: 2), d.end < s.count,
                s[d.end] == "日" || s[d.end] == "号", (1...31).contains(d.value)
            {
                let text = t.text(i..<(d.end + 1))
                if seenDates.insert(squashed(text)).inserted { dates.append(text) }
                i = d.end + 1
                continue
            }
            if NumberScan.startsNumber(s, i), !t.isInTitle(i),
                let end = dateRange(at: i, in: s) ?? yearThenRange(at: i, in: s)
            {
                if !isDeadlineEnd(end, in: s) {
                    // 今年1至6月, 每月15日, 即日起至11月15日: the word before belongs to the date.
                    var start = i
                    for p in datePrefixes where s.has(p, endingAt: i) {
                        start = i - p.count
                        break
                    }
                    let text = t.text(start..<end)
                    if seenDates.insert(squashed(text)).inserted { dates.append(text) }
                    i = end
                    continue
                }
            }
            i += 1
        }
        return Found(dates: dates, deadlines: deadlines)
    }

    /// A single date at `i`: its end and whether it has a month (a bare year is not a date).
    static func date(at i: Int, in s: Scalars) -> (end: Int, hasMonth: Bool)? {
        guard let first = NumberScan.read(s, at: i, maxLength: 4) else { return nil }
        var j = first.end
        guard j < s.count else { return nil }
        var hasMonth = false
        if s[j] == "年" {
            guard
                (first.digitCount == 4 && first.value >= 1900 && first.value <= 2100)
                    || (first.isChinese && first.digitCount == 4) || yearInChinese(s, i, j)
            else { return nil }
            j += 1
            guard let m = NumberScan.read(s, at: j, maxLength: 2), j < s.count, m.end < s.count, s[m.end] == "月",
                (1...12).contains(m.value)
            else {
                return (j, false)
            }
            j = m.end
        } else if s[j] == "·" || s[j] == "・" {
            guard !first.isChinese, (1...12).contains(first.value),
                let d = NumberScan.read(s, at: j + 1, maxLength: 2) ?? nil,
                !d.isChinese, (1...31).contains(d.value), !(d.end < s.count && s[d.end].isDigitLike)
            else { return nil }
            return (d.end, true)
        } else {
            guard s[j] == "月", (1...12).contains(first.value), first.digitCount <= 2 else { return nil }
        }
        // at 月
        hasMonth = true
        j += 1
        if j < s.count && s[j] == "份" { return (j + 1, true) }
        if let d = NumberScan.read(s, at: j, maxLength: 2), j < s.count, d.end < s.count,
            s[d.end] == "日" || s[d.end] == "号", (1...31).contains(d.value)
        {
            return (d.end + 1, true)
        }
        for p in partsOfMonth where s.has(p, at: j) {
            return (j + p.count, true)
        }
        if first.isChinese && !(j < s.count && s[j].isDigitLike) { return nil }  // 七月 alone is too often not a date
        return (j, hasMonth)
    }

    static let everyMonth = scalarArray("每月")
    static let datePrefixes: [Scalars] = ["即日起至", "即日起", "今年", "去年", "明年", "每月", "每年"].map(scalarArray)
    static let joiners: [Scalars] = ["——", "—", "–", "-", "－", "~", "～", "至", "到"].map(scalarArray)

    /// 2019年1-10月: a year, then a range of months.
    static func yearThenRange(at i: Int, in s: Scalars) -> Int? {
        guard let year = date(at: i, in: s), !year.hasMonth, year.end > i, s[year.end - 1] == "年",
            year.end < s.count, s[year.end].isDigitLike
        else { return nil }
        return dateRange(at: year.end, in: s)
    }

    /// A date or a range of dates at `i`, with at least a month.
    static func dateRange(at i: Int, in s: Scalars) -> Int? {
        // 7-8月份: a range of months written once
        if let a = NumberScan.read(s, at: i, maxLength: 2), !a.isChinese, a.end + 1 < s.count,
            s[a.end] == "-" || s[a.end] == "—" || s[a.end] == "－" || s[a.end] == "至"
        {
            if let b = NumberScan.read(s, at: a.end + 1, maxLength: 2), !b.isChinese, b.end < s.count, s[b.end] == "月",
                (1...12).contains(a.value), (1...12).contains(b.value), let d = date(at: a.end + 1, in: s), d.hasMonth
            {
                return d.end
            }
        }
        guard let first = date(at: i, in: s), first.hasMonth else { return nil }
        var end = first.end
        // 2018年11月26日——2019年1月26日: any dash, tilde, 至 or 到 joins two dates.
        if let joiner = joiners.first(where: { s.has($0, at: end) }), end + joiner.count < s.count {
            let next = end + joiner.count
            if s[next].isDigitLike || ChineseNumerals.isNumeral(s[next]) {
                if let second = date(at: next, in: s), second.hasMonth {
                    end = second.end
                } else if let d = NumberScan.read(s, at: next, maxLength: 2), d.end < s.count, s[d.end] == "日" {
                    end = d.end + 1  // 7月16日至26日
                }
            }
        }
        return end
    }

    static let planWords: [Scalars] = ["计划", "力争", "确保", "争取", "要在", "务必", "必须", "限期"].map(scalarArray)
    static let spanUnits: [Scalars] = ["个工作日", "个月", "年", "周", "天", "日"].map(scalarArray)

    /// `年内`, `个月内`, `天内` after a number: the end of `3年内`.
    private static func withinSpan(from k: Int, in s: Scalars) -> Int? {
        guard let unit = spanUnits.first(where: { s.has($0, at: k) }) else { return nil }
        let e = k + unit.count
        return e < s.count && s[e] == "内" ? e + 1 : nil
    }

    private static func yearInChinese(_ s: Scalars, _ i: Int, _ j: Int) -> Bool {
        j - i == 4 && s[i..<j].allSatisfy { ChineseNumerals.digits[$0] != nil }
    }

    private static func isDeadlineEnd(_ end: Int, in s: Scalars) -> Bool {
        end < s.count && (s[end] == "前" || s.has(Words.beforeZhiqian, at: end) || s.has(Words.beforeYiqian, at: end))
    }

    /// A deadline starting at `i`: a date, 年底/年末 or a holiday, followed by 前.
    private static func deadline(at i: Int, in s: Scalars) -> Int? {
        let c = s[i]
        var j: Int? = nil
        if NumberScan.startsNumber(s, i) {
            // 计划3年内改善…: a span a plan sets itself is a deadline (近3年内 or 一年内发生 is a duration).
            if let n = NumberScan.read(s, at: i, maxLength: 3), let end = withinSpan(from: n.end, in: s),
                planWords.contains(where: { s.has($0, endingAt: i) })
            {
                return end
            }
            if let d = date(at: i, in: s) {
                var e = d.end
                if !d.hasMonth && e < s.count && (s[e] == "底" || s[e] == "末") { e += 1 }  // 2019年底前
                if d.hasMonth || e > d.end { j = e }
            }
        } else if c == "年" || c == "月" || c == "今" || c == "本" || c == "明" || c == "当" {
            var k = i
            if c != "年" && c != "月" { k += 1 }
            // 力争年内完成, 今年内: due within this year (一年内 is a duration, and 近年来 no deadline)
            if k + 1 < s.count && s[k] == "年" && s[k + 1] == "内" && (k == i || s[i] != "当") {
                let p = i > 0 ? s[i - 1] : " "
                if !(p.isDigitLike || ChineseNumerals.isNumeral(p) || p == "个" || p == "近" || p == "多" || p == "几") {
                    return k + 2
                }
            }
            if k < s.count && (s[k] == "年" || s[k] == "月") && k + 1 < s.count && (s[k + 1] == "底" || s[k + 1] == "末") {
                // 年底 that merely follows a year was handled at the year
                if i > 0 && (s[i - 1].isDigitLike || ChineseNumerals.isNumeral(s[i - 1])) { return nil }
                j = k + 2
            }
        } else if let h = holidays.first(where: { s.has($0, at: i) }) {
            j = i + h.count
        }
        guard let e = j, isDeadlineEnd(e, in: s) else { return nil }
        return s[e] == "前" ? e + 1 : e + 2
    }

    /// What is due: the rest of the clause after the deadline.
    private static func about(from i: Int, in t: FindingText) -> String {
        var j = i
        while j < t.count && !t.s[j].isClauseEnd && j - i < 60 { j += 1 }
        return t.text(i..<j)
    }
}
