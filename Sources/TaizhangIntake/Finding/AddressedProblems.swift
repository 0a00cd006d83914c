/// Clause patterns where the problem is the object of the sentence and the measure its predicate:
/// - 对X问题，Y / 对X问题Y / 特别是对进度落后的项目，要Y / 特别是X问题，要求Y;
/// - 针对X的现状（状况、短板、不足），Y;
/// - Y，推进解决X问题 — the measure comes first, in the same sentence.
extension ProblemFinder {
    static let leadIns: [Scalars] = ["特别是", "尤其是", "同时", "并且", "并", "还", "要", "坚持"].map(scalarArray)
    /// 对 followed by these is another word (对照, 对标, 对接, 对象, 对于 is handled as 对).
    static let notAddressing: Set<Unicode.Scalar> = Set("照标接口象话策比待外内应称等".unicodeScalars)
    /// A clause ending in one of these (after 的) names a set of things that need work: 进度落后的项目.
    static let objectNouns: [Scalars] = ["项目", "事项", "单位", "企业", "村", "人员", "工程"].map(scalarArray)
    static let stateNouns: [Scalars] = ["现状", "状况", "情况", "短板", "弱项", "不足"].map(scalarArray)
    static let solveVerbs: [Scalars] = ["推进解决", "着力解决", "协助解决", "帮助解决", "加快解决", "切实解决", "推动解决", "解决"]
        .map(scalarArray)

    /// 对X问题 / 特别是X问题 opening a clause; `end` is where 问题 (or 的项目…) ends the object.
    static func addressed(objectStart cs: Int, objectEnd: Int, after e: Int, in t: FindingText) -> [Hit] {
        let s = t.s
        var k = cs
        while k < objectEnd && s[k].isSpaceLike { k += 1 }
        var led = false
        for lead in leadIns where s.has(lead, at: k) {
            k += lead.count
            led = true
            break
        }
        var addressedByDui = false
        // 县里对积压信访问题建立…: a short subject may come before 对.
        if !led, let dui = (k..<min(objectEnd, k + 9)).first(where: { s[$0] == "对" }),
            !s[k..<dui].contains(where: { $0 == "、" || $0 == "“" || $0.isDigitLike })
        {
            k = dui
        }
        if k < objectEnd && s[k] == "对" {
            if k + 1 < objectEnd && s[k + 1] == "于" {
                k += 2
            } else if k + 1 < objectEnd && !notAddressing.contains(s[k + 1]) {
                k += 1
            } else {
                return []
            }
            addressedByDui = true
        }
        // 特别是 alone must be followed by a remedy verb in the next clause; 对 is enough on its own.
        guard addressedByDui || led, objectEnd - k >= 2, objectEnd - k <= 60, !t.isQuoted(k) else { return [] }
        if triggers.contains(where: { s.find($0, from: k, limit: objectEnd) != nil }) { return [] }
        var hi = objectEnd
        while hi > k && (s[hi - 1] == "等" || s[hi - 1].isSpaceLike) { hi -= 1 }
        guard hi - k >= 2, let problem = t.phrase(k..<hi) else { return [] }
        // …提出的5大方面14个问题: a count of problems names none of them.
        if "个项条类件".unicodeScalars.contains(s[hi - 1]), hi - 2 >= k,
            s[hi - 2].isDigitLike || ChineseNumerals.isNumeral(s[hi - 2])
        {
            return []
        }
        // 对发现的问题, 对群众反映强烈的问题: where problems came from names none.
        if let core = trimProblem(k..<hi, in: t).flatMap({ t.phrase($0) }), isGeneric(core) { return [] }
        // The measure: the rest of this clause, or the next clause(s) to the end of the sentence.
        var m = e
        while m < t.count && s[m].isSpaceLike { m += 1 }
        let sameClause = m < t.count && !t.isClauseDelimiter(m, relativeTo: m) && !s[m].isSentenceEnd
        if !sameClause {
            guard m < t.count, s[m] == "，" || s[m] == "," || s[m] == "：" || s[m] == ":" else { return [] }
            m += 1
        }
        while m < t.count && s[m].isSpaceLike { m += 1 }
        guard m < t.count, let measure = t.phrase(m..<t.sentenceEnd(m)), measure.unicodeScalars.count >= 4 else {
            return []
        }
        if !addressedByDui
            && !["要", "须", "必须", "及时", "坚持", "严格", "全部", "立即", "限期", "一律"].contains(where: {
                measure.hasPrefix($0)
            })
        {
            return []
        }
        return [(problem, measure, cs..<e)]
    }

    /// 对…问题 at `q`: the object runs from the clause's start.
    static func addressedProblem(q: Int, in t: FindingText) -> [Hit] {
        guard endsProblem(q, in: t.s) else { return [] }
        return addressed(objectStart: t.clauseStart(q), objectEnd: q, after: q + 2, in: t)
    }

    /// Where a clause ends in `的` + one of `nouns` (…落后的项目，): the noun's start and the comma.
    static func clausesEnding(in nouns: [Scalars], in t: FindingText) -> [(noun: Int, end: Int)] {
        let s = t.s
        var found: [(Int, Int)] = []
        var i = 1
        while i < s.count {
            if s[i - 1] == "的", let noun = nouns.first(where: { s.has($0, at: i) }) {
                let e = i + noun.count
                if e < s.count, s[e] == "，" || s[e] == "," { found.append((i, e)) }
            }
            i += 1
        }
        return found
    }

    /// 对进度落后的项目，要… — the object is a set of things, not called 问题.
    static func addressedObjects(in t: FindingText) -> [Hit] {
        clausesEnding(in: objectNouns, in: t).flatMap { i, e -> [Hit] in
            let cs = t.clauseStart(i)
            // Only with 对 (对进度落后的项目): 特别是…的项目 alone is too loose.
            guard t.s[cs..<i].contains("对") else { return [] }
            return addressed(objectStart: cs, objectEnd: e, after: e, in: t)
        }
    }

    /// 针对苏北农村危旧房较多、环境较差的现状，省级财政预拨… — a state, not called 问题.
    static func targetedState(in t: FindingText) -> [Hit] {
        let s = t.s
        var hits: [Hit] = []
        for (i, e) in clausesEnding(in: stateNouns, in: t) {
            let cs = t.clauseStart(i, limit: 120)
            var k = i - 2
            var from: Int?
            while k >= cs {
                if let trig = triggers.first(where: { s.has($0, at: k) }) {
                    from = k + trig.count
                    break
                }
                k -= 1
            }
            if let from, i - 1 - from >= 3, let problem = t.phrase(from..<(i - 1)),
                let measure = measure(after: e, in: t)
            {
                hits.append((problem, measure, from..<e))
            }
        }
        return hits
    }

    /// …多次去函，协助查找资金拨付情况，推进解决固定资产账实不符问题等。— the measure came first.
    static func solvedAfterMeasure(q: Int, in t: FindingText) -> [Hit] {
        let s = t.s
        guard endsProblem(q, in: s) else { return [] }
        let cs = t.clauseStart(q)
        var k = cs
        while k < q && s[k].isSpaceLike { k += 1 }
        guard let verb = solveVerbs.first(where: { s.has($0, at: k) }) else { return [] }
        let from = k + verb.count
        guard q - from >= 3, let problem = t.phrase(from..<q), !isGeneric(problem) else { return [] }
        // The clause closes its sentence (or its part, after ；): the text before it is what was done.
        var after = q + 2
        if after < s.count && s[after] == "等" { after += 1 }
        guard after >= s.count || s[after].isSentenceEnd || s[after] == "；" || s[after] == ";" else { return [] }
        var start = cs
        while start > 0
            && !(s[start - 1].isSentenceEnd || s[start - 1] == "；" || s[start - 1] == ";"
                || s[start - 1] == "\n")
        {
            start -= 1
        }
        while start < cs && s[start].isSpaceLike { start += 1 }
        guard cs - start >= 6 else { return [] }
        var end = cs
        while end > start && (s[end - 1] == "，" || s[end - 1] == ",") { end -= 1 }
        guard let measure = t.phrase(start..<end) else { return [] }
        return [(problem, measure, start..<after)]
    }
}
