/// Finds problems with the measures taken against them:
/// 针对/聚焦/紧盯/紧扣/围绕 …问题，measure; lists of problems under 专项整治;
/// …突出问题专项治理; 防止和纠正…等问题; …问题容易集中出现。measure; and the numbered
/// form of rectification bulletins (`1.…。` then `整改情况：…`).
enum ProblemFinder {
    static let triggers: [Scalars] = ["针对", "聚焦", "紧盯", "紧扣", "围绕", "瞄准", "着眼"].map(scalarArray)
    /// A trigger followed by one of these sets a goal (聚焦解决思想根子问题), it names no problem.
    static let goalVerbs: [Scalars] = ["解决", "破解", "查找", "发现", "查摆", "检视", "梳理"].map(scalarArray)
    /// 问题 followed by these is a compound (问题清单, 问题导向), not the end of a problem.
    static let compounds: [Scalars] = ["清单", "导向", "线索", "台账", "意识", "整改", "反馈", "的原则"].map(scalarArray)
    static let campaignAdverbs: [Scalars] = ["重点", "集中", "深入", "全面", "大力", "着力", "认真", "扎实"].map(scalarArray)
    static let campaigns: [Scalars] = ["整改整治", "专项整治", "集中整治", "专项治理", "专项整改", "集中治理"].map(scalarArray)
    static let remedyVerbs: [Scalars] = ["纠正", "整治", "治理", "防止", "破解", "杜绝", "查处", "解决", "克服", "整改"].map(scalarArray)
    static let persistVerbs: [Scalars] = ["出现", "存在", "突出", "多发", "频发", "凸显", "高发"].map(scalarArray)
    static let problemWord = scalarArray("问题")
    static let campaignVerbs: [Scalars] = ["开展", "进行", "推进", "深化"].map(scalarArray)
    static let persistAdverbs: [Scalars] = ["容易", "仍然", "依然", "较为", "比较", "时有", "仍", "还", "集中"].map(scalarArray)

    static func find(in t: FindingText) -> [ProblemFinding] {
        var found: [ProblemFinding] = []
        var index: [String: Int] = [:]
        // Places already explained by a hit, so a later pattern does not read them again.
        var claimed = [Bool](repeating: false, count: t.count)
        func add(_ problem: String?, _ measure: String?, claiming r: Range<Int>) {
            guard let p = problem, let m = measure, !p.isEmpty else { return }
            if let k = index[p] {
                if !found[k].measures.contains(m) { found[k].measures.append(m) }
            } else {
                index[p] = found.count
                found.append(ProblemFinding(problem: p, measures: [m]))
            }
            for k in r.clamped(to: 0..<t.count) { claimed[k] = true }
        }
        let s = t.s
        var i = 0
        while i + 1 < s.count {
            if s[i] == "问" && s[i + 1] == "题" && !t.isQuoted(i) {
                if !claimed[i] {
                    for (p, m, r) in listUnderCampaign(q: i, in: t) { add(p, m, claiming: r) }
                }
                if !claimed[i] {
                    for (p, m, r) in triggered(q: i, in: t) + campaignAfter(q: i, in: t) + remedyBefore(q: i, in: t)
                        + persisting(q: i, in: t)
                    {
                        add(p, m, claiming: r)
                    }
                }
                if !claimed[i] {
                    for (p, m, r) in addressedProblem(q: i, in: t) + solvedAfterMeasure(q: i, in: t) {
                        add(p, m, claiming: r)
                    }
                }
            }
            i += 1
        }
        for (p, m, r) in BulletinProblems.find(in: t) + SectionedProblems.find(in: t) + targetedState(in: t)
            + addressedObjects(in: t)
        where !r.clamped(to: 0..<t.count).contains(where: { claimed[$0] }) {
            add(p, m, claiming: r)
        }
        return found
    }

    typealias Hit = (String?, String?, Range<Int>)

    /// 问题 at `q` not followed by a compound word.
    static func endsProblem(_ q: Int, in s: Scalars) -> Bool {
        !compounds.contains { s.has($0, at: q + 2) }
    }

    /// 针对…问题，measure — the trigger in the same clause as 问题.
    static func triggered(q: Int, in t: FindingText) -> [Hit] {
        let s = t.s
        guard endsProblem(q, in: s) else { return [] }
        let cs = t.clauseStart(q, limit: 160)
        var p: Int? = nil
        var k = q - 2
        while k >= cs {
            if !t.isQuoted(k), let trig = triggers.first(where: { s.has($0, at: k) }),
                !(k + 2 < s.count && s[k + 2] == "性")
            {
                p = k + trig.count
                break
            }
            k -= 1
        }
        guard let from = p, !goalVerbs.contains(where: { s.has($0, at: from) }) else { return [] }
        var measures: [String] = []
        // 省民政厅出台办法，重点针对X问题。— the sentence ends with the problem: what came before it
        // is a measure too, besides the next sentence
        let after = q + 2
        if after < s.count, t.isSentenceDelimiter(after, relativeTo: q) {
            let ss = t.sentenceStart(q)
            var end = from - 2
            while end > ss
                && (s[end - 1] == "，" || s[end - 1] == "," || s[end - 1].isSpaceLike
                    || "重点主要专门着力".unicodeScalars.contains(s[end - 1]))
            { end -= 1 }
            if end > ss, let before = t.phrase(ss..<end) { measures.append(before) }
        }
        if let next = measure(after: after, in: t) { measures.insert(next, at: 0) }
        guard !measures.isEmpty else { return [] }
        let items = problemItems(from..<q, in: t).filter { !isGeneric($0) }
        return items.flatMap { item in measures.map { (item, $0, from..<(q + 2)) } }
    }

    /// Spans that only say where problems came from (针对巡视反馈的问题, 检视出的问题) name none.
    static let genericSpans: Set<String> = [
        "上述", "这些", "以上", "相关", "有关", "存在", "巡视反馈", "巡察反馈", "审计发现", "督查发现", "调研发现", "检视",
        "查摆", "群众反映", "群众反映强烈", "群众关心", "反馈", "发现", "突出", "重点", "具体",
    ]

    static func isGeneric(_ span: String) -> Bool {
        let simple = Simplifier.simplify(squashed(span))
        // …发现的问题, …反映强烈的问题, …反馈的问题: where problems came from, not what they are.
        let sourceVerbs = ["出", "发现", "了解", "反映", "反映强烈", "反馈", "交办", "移交", "督办", "查摆", "检视", "指出", "提出"]
        return simple.unicodeScalars.count < 2 || genericSpans.contains(simple)
            || sourceVerbs.contains { simple.hasSuffix($0) || simple.hasSuffix($0 + "的") }
    }

    /// The measure after a problem: the rest of the sentence, or the next sentence when this one ends.
    static func measure(after e: Int, in t: FindingText) -> String? {
        var start = e
        while start < t.count && (t.s[start].isSpaceLike) { start += 1 }
        guard start < t.count else { return nil }
        let u = t.s[start]
        if u == "，" || u == "," || u == "：" || u == ":" || u == "。" || u == "；" || u == "\n" { start += 1 }
        while start < t.count && (t.s[start].isSpaceLike || t.s[start] == "\n") { start += 1 }
        guard start < t.count else { return nil }
        return t.phrase(start..<t.sentenceEnd(start))
    }

    /// The problems named in `r`: each quoted item when the span is only quotes, else the span less its trailing words.
    static func problemItems(_ r: Range<Int>, in t: FindingText) -> [String] {
        let s = t.s
        var quoted: [Range<Int>] = []
        var rest = 0
        var k = r.lowerBound
        while k < r.upperBound {
            if s[k] == "“" || s[k] == "「" {
                var e = k + 1
                var depth = 1
                while e < r.upperBound {
                    if s[e] == "“" || s[e] == "「" { depth += 1 }
                    if s[e] == "”" || s[e] == "」" {
                        depth -= 1
                        if depth == 0 { break }
                    }
                    e += 1
                }
                quoted.append((k + 1)..<e)
                k = e + 1
                continue
            }
            if !"等、和及与的突出方面".unicodeScalars.contains(s[k]) && !s[k].isSpaceLike { rest += 1 }
            k += 1
        }
        if !quoted.isEmpty && rest == 0 {
            return quoted.compactMap { t.phrase($0) }
        }
        return trimProblem(r, in: t).flatMap { t.phrase($0) }.map { [$0] } ?? []
    }

    private static let trailing: [Scalars] = ["等重点难点", "等热点难点", "等难点", "等重点", "等突出", "等方面", "存在的", "突出", "的", "等"].map(
        scalarArray)

    static func trimProblem(_ r: Range<Int>, in t: FindingText) -> Range<Int>? {
        var lo = r.lowerBound
        var hi = r.upperBound
        // 市委关于群众身边不正之风和腐败问题: the problem starts after 关于
        var k = hi - 2
        while k >= lo {
            if t.s[k] == "关" && t.s[k + 1] == "于" {
                lo = k + 2
                break
            }
            k -= 1
        }
        while lo < hi && (t.s[lo].isSpaceLike || t.s[lo] == "对") { lo += 1 }
        var changed = true
        while changed && hi > lo {
            changed = false
            for w in trailing where hi - lo > w.count && t.s.has(w, endingAt: hi) {
                hi -= w.count
                changed = true
                break
            }
        }
        return hi > lo ? lo..<hi : nil
    }
}
