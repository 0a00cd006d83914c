/// Finds organisations named in a text, each once, as written: central bodies by name
/// (国务院, 民政部, 中央巡视组) and bodies named after a place (江苏省人社厅, 西宁市民政局,
/// 省委, 市委) — never general words such as 民政部门 or 各级党组织.
enum OrganizationFinder {
    typealias L = OrganizationLexicon

    static func find(in t: FindingText) -> [String] {
        let s = t.s
        var found: [String] = []
        var seen = Set<String>()
        var i = 0
        func emit(_ r: Range<Int>) {
            let name = t.text(r)
            // 省委 after 湖北省委: the same body written again, listed once as first written.
            if found.contains(where: { $0.count > name.count && $0.hasSuffix(name) }) { return }
            if seen.insert(name).inserted { found.append(name) }
        }
        while i < s.count {
            if t.isInTitle(i) {
                i += 1
                continue
            }
            if CharClass.has(s[i], CharClass.orgStart), let names = L.byFirst[s[i]],
                let name = names.first(where: { s.has($0, at: i) }), !isGeneric(after: i + name.count, in: s)
            {
                let end = extend(i + name.count, in: s)
                emit(i..<end)
                i = end
                continue
            }
            if s[i] == "中" && s.has(Words.centralNth, at: i), extend(i + 2, in: s) > i + 2 {
                let end = extend(i + 2, in: s)  // 中央第三巡视组
                emit(i..<end)
                i = end
                continue
            }
            if let r = committee(at: i, in: s) {
                emit(r)
                i = r.upperBound
                continue
            }
            if let r = company(at: i, in: s) {
                emit(r)
                i = r.upperBound
                continue
            }
            if CharClass.has(s[i], CharClass.placeMarker), let r = placeNamed(marker: i, in: s) {
                emit(r)
                i = r.upperBound
                continue
            }
            i += 1
        }
        return found
    }

    private static let companySuffixes: [Scalars] = ["集团", "有限公司", "公司", "银行", "大学"].map(scalarArray)

    /// A named enterprise, bank or university (焦煤集团, 建设银行) whose name ends at `i`'s suffix.
    /// Found at the name's first scalar, so the name is read forward to the suffix.
    private static func company(at i: Int, in s: Scalars) -> Range<Int>? {
        guard isNameScalar(s[i]), i == 0 || !isNameScalar(s[i - 1]) || s.has(Words.enterprise, endingAt: i) else {
            return nil
        }
        // 3家国企咨询公司: a measure word after a number starts a count, not a name.
        if i > 0, "家个所户名".unicodeScalars.contains(s[i]),
            s[i - 1].isDigitLike || ChineseNumerals.isNumeral(s[i - 1])
        {
            return nil
        }
        var j = i
        while j < s.count && j - i <= 8 {
            if j - i >= 2, let suffix = companySuffixes.first(where: { s.has($0, at: j) }) {
                let end = j + suffix.count
                // 企业集团化改革, 大学生: a kind of thing, not a named body
                if s.has(Words.enterprise, at: i) || s.has(Words.enterprise, endingAt: j) { return nil }
                if end < s.count && (s[end] == "化" || s[end] == "生" || s[end] == "制") { return nil }
                return i..<end
            }
            guard isNameScalar(s[j]) else { return nil }
            j += 1
        }
        return nil
    }

    /// 部门 and 部队 are kinds of body, not a body.
    private static func isGeneric(after end: Int, in s: Scalars) -> Bool {
        end < s.count && (s[end] == "门" || s[end] == "队")
    }

    /// A body whose name starts with the place ending at `marker` (省, 市, 县 …).
    private static func placeNamed(marker m: Int, in s: Scalars) -> Range<Int>? {
        var start: Int? = nil
        if s[m] == "省" || s[m] == "市" || s[m] == "区" {
            for p in L.provinces where s.has(p, endingAt: m) {
                start = m - p.count
                break
            }
            if start == nil, s[m] == "区", s.has(Words.autonomous, endingAt: m) {
                // 自治区审计厅: the region's own bodies, named without the region's name
                start = m - 2
            }
        }
        if start == nil && s[m] != "省" && m >= 2 && isNameScalar(s[m - 1]) && isNameScalar(s[m - 2])
            && !L.blockedBeforePrefix.contains(s[m - 1]) && !L.notPlaceNames.contains(Array(s[(m - 2)..<m]))
        {
            start = m - 2
            if m >= 4 && isNameScalar(s[m - 3]) && (L.placeMarkers.contains(s[m - 4]) || !s[m - 4].isHan) {
                start = m - 3
            }
        }
        if start == nil && (s[m] == "省" || s[m] == "市" || s[m] == "县" || s[m] == "区") {
            if m == 0 || !L.blockedBeforePrefix.contains(s[m - 1]) { start = m }
        }
        guard let from = start, let end = body(after: m + 1, in: s, hasName: from < m) else { return nil }
        return from..<end
    }

    /// The end of `core + suffix` starting at `p`, when a body's name is there.
    private static func body(after p: Int, in s: Scalars, hasName: Bool) -> Int? {
        var j = p
        while j < s.count && j - p <= 10 {
            for (suffix, bare) in L.suffixes where s.has(suffix, at: j) {
                if j == p && !bare { continue }
                var end = j + suffix.count
                if end < s.count && "处局厅室科".unicodeScalars.contains(s[end]) && suffix.count == 1 { end += 1 }  // 经办处
                if isGeneric(after: end, in: s) { return nil }
                return extend(end, in: s, groups: true)
            }
            let u = s[j]
            if !isNameScalar(u) && u != "和" { return nil }
            j += 1
        }
        return nil
    }

    /// Adds an office (组织部) or a numbered group (第三巡视组) that follows a body's name, or a
    /// working group or office it set up, named in a few words (机动巡察一组, 第二督察整改督查组, 主题教育办).
    private static func extend(_ end: Int, in s: Scalars, groups: Bool = false) -> Int {
        for o in L.offices where s.has(o, at: end) { return end + o.count }
        var k = end
        // Only a place's party committee or government sets up such groups under its own name.
        while groups && k < s.count && k - end <= 10 && s[k].isHan
            && (!CharClass.has(s[k], CharClass.orgStop) || s[k] == "第")
        {
            if L.groupEnds.contains(s[k]), k > end + 1,
                L.groupWords.contains(where: { s.find($0, from: end, limit: k) != nil }),
                !(k + 1 < s.count && (s[k + 1] == "织" || s[k + 1] == "公" || s[k + 1] == "成"))
            {
                return k + 1
            }
            k += 1
        }
        if end < s.count && s[end] == "第" {
            var k = end + 1
            while k < s.count && ChineseNumerals.isNumeral(s[k]) && k - end < 4 { k += 1 }
            if k > end + 1, let o = L.offices.first(where: { s.has($0, at: k) && $0.last == "组" }) {
                return k + o.count
            }
        }
        return end
    }

    /// 钱江世纪城管委会: a committee named by the few name scalars before 管委会 (found at its start).
    private static func committee(at i: Int, in s: Scalars) -> Range<Int>? {
        guard isNameScalar(s[i]), i == 0 || !isNameScalar(s[i - 1]) else { return nil }
        var j = i
        while j < s.count && j - i <= 8 {
            if j - i >= 2 && s.has(Words.managementCommittee, at: j) { return i..<(j + 3) }
            guard isNameScalar(s[j]) else { return nil }
            j += 1
        }
        return nil
    }

    private static func isNameScalar(_ u: Unicode.Scalar) -> Bool {
        u.isHan && !CharClass.has(u, CharClass.orgStop | CharClass.placeMarker | CharClass.numeral)
    }
}
