/// Finds figures with their measure word or unit: 88项, 1900多人次, 六个, 1288亿元, 近12年.
///
/// Not dates (月 and 日 are not units), years (2019年), ordinals (第一批), codes (12333, 1+6),
/// figures inside quotation marks or titles (“三会一课”, 《…三年行动计划》) or set phrases.
enum QuantityFinder {
    /// Longest first, so 个月 wins over 个 and 批次 over 批.
    static let units: [Scalars] = [
        "个百分点", "百分点", "平方公里", "平方米", "立方米", "个月", "人次", "件次", "批次", "户次", "场次", "车次",
        "公里", "千米", "公顷", "千克", "公斤", "小时", "分钟", "美元", "元", "%", "％", "个", "项", "件", "条", "次",
        "人", "名", "家", "份", "天", "年", "字", "级", "篇", "场", "期", "所", "户", "套", "处", "座", "台", "辆",
        "间", "张", "本", "类", "支", "组", "轮", "位", "起", "例", "宗", "笔", "册", "部", "批", "周", "村", "岁",
        "倍", "亩", "吨", "米", "只", "种", "斤", "栋", "块", "床",
    ].map(scalarArray)

    /// Set phrases that contain a figure but count nothing.
    static let setPhrases: [Scalars] = [
        "八项规定", "两个维护", "四个意识", "四个自信", "两个确立", "四个全面", "五位一体", "两个一百年", "三个代表",
        "两个务必", "两个责任", "一张蓝图", "最后一公里", "一件事一次办", "一次办好", "一次性", "千家万户",
        "一个都不能少", "一个不少", "三个规定", "四个不摘", "两项制度", "最多跑一次", "一次也不跑", "五个必由之路",
        "四个伟大", "两个结合", "六个必须坚持", "成千上万", "成百上千", "千万不", "千万要", "千万别", "三番五次",
        "一次又一次", "一个又一个", "一件件", "一项项", "一个个", "十个明确", "十四个坚持", "十三个方面", "一个中心", "两个基本点",
    ].map(scalarArray)

    /// Words after 一+measure word that make it an article ("as an important task"), not a count.
    static let vagueFollowers: [Scalars] = [
        "重要", "重大", "长期", "艰巨", "系统", "政治", "基础", "根本", "经常", "全新", "新的", "崭新", "具体",
        "有效", "深刻", "生动", "鲜活", "难得", "宝贵", "光荣", "重点",
    ].map(scalarArray)
    static let vagueUnitsAfterOne: Set<Unicode.Scalar> = ["批", "起", "种", "类", "部", "道", "组", "期", "支"]

    static func find(in t: FindingText) -> [Quantity] {
        var found: [Quantity] = []
        var seen = Set<String>()
        let s = t.s
        var i = 0
        while i < s.count {
            guard NumberScan.startsNumber(s, i), let num = NumberScan.read(s, at: i) else {
                i += 1
                continue
            }
            defer { i = max(i + 1, num.end) }
            guard let q = quantity(num, in: t) else { continue }
            var key = squashed(q.text)
            key.unicodeScalars.append(
                contentsOf: s[min(q.range.upperBound, s.count)..<min(q.range.upperBound + 2, s.count)])
            if seen.insert(key).inserted {
                found.append(Quantity(text: q.text, value: q.value, unit: q.unit, approx: q.approx))
            }
        }
        return found
    }

    private struct Candidate {
        var text: String
        var value: Double
        var unit: String
        var approx: Bool
        var range: Range<Int>
    }

    private static func quantity(_ num: ScannedNumber, in t: FindingText) -> Candidate? {
        let s = t.s
        let n = s.count
        var j = num.end
        var approx = false
        var unit = Scalars()  // simplified, for the rules
        var written = Scalars()  // as written, for the output
        if j < n && ChineseNumerals.magnitudes.contains(s[j]) {
            unit.append(s[j])
            written.append(t.original[j])
            j += 1
        }
        if j < n && (s[j] == "多" || s[j] == "余") {
            approx = true
            j += 1
            if unit.isEmpty && j < n && ChineseNumerals.magnitudes.contains(s[j]) {  // 3000多万元
                unit.append(s[j])
                written.append(t.original[j])
                j += 1
            }
        }
        if j < n && s[j] == "几" { return nil }  // 十几个 is no figure
        if let u = units.first(where: { s.has($0, at: j) }) {
            unit.append(contentsOf: u)
            written.append(contentsOf: t.original[j..<(j + u.count)])
            j += u.count
        }
        guard !unit.isEmpty else { return nil }
        var start = num.start
        if start > 0 && (s[start - 1] == "近" || s[start - 1] == "约")
            && !(start > 1 && "最附接临".unicodeScalars.contains(s[start - 2]))
        {
            approx = true
            start -= 1
        }
        guard !excluded(num, unit: unit, end: j, in: t) else { return nil }
        return Candidate(
            text: t.text(start..<j), value: num.value, unit: written.string, approx: approx, range: start..<j)
    }

    private static func excluded(_ num: ScannedNumber, unit: Scalars, end: Int, in t: FindingText) -> Bool {
        let s = t.s
        let i = num.start
        if t.isQuotedOrTitle(i) { return true }
        if i > 0 {
            let p = s[i - 1]
            // 第一批 is an ordinal; 数百, 上千, 成千 are no figures
            if "第数几若初周".unicodeScalars.contains(p) || p.isASCIILetter { return true }
            if p == "上" && num.isChinese { return true }
            if "+/·.:：#_-~～—－".unicodeScalars.contains(p) { return true }
        }
        if num.end < s.count && (s[num.end] == "+" || s[num.end] == "＋") { return true }
        if !num.isChinese && num.digitCount == 4 && num.value >= 1900 && num.value <= 2100
            && (unit == Words.year || unit == Words.level)
        {
            return true
        }
        if num.isChinese && num.digitCount == 1 && end < s.count && ChineseNumerals.isNumeral(s[end]) && unit.count == 1
        {
            return true  // 一村一策, 一人一岗
        }
        if num.isChinese && num.value == 1 && num.digitCount == 1 {
            if unit.count == 1 && vagueUnitsAfterOne.contains(unit[0]) { return true }
            for v in vagueFollowers where s.has(v, at: end) { return true }
        }
        if isReduplicated(i..<end, in: s) { return true }
        for phrase in setPhrases {
            for (k, u) in phrase.enumerated() where u == s[i] && s.has(phrase, at: i - k) { return true }
        }
        return false
    }

    /// 一个问题一个问题: the same figure and noun twice in a row is a manner, not a count.
    private static func isReduplicated(_ r: Range<Int>, in s: Scalars) -> Bool {
        for k in 1...4 {
            let len = r.count + k
            let pattern = Array(s[r.lowerBound..<min(r.lowerBound + len, s.count)])
            guard pattern.count == len else { break }
            if s.has(pattern, at: r.lowerBound + len) || s.has(pattern, at: r.lowerBound - len) { return true }
        }
        return false
    }
}
