/// The problem patterns that do not start with a trigger word.
extension ProblemFinder {
    /// 对A，B，C等5个方面问题开展专项整治 — each listed item is a problem, the campaign its measure.
    static func listUnderCampaign(q: Int, in t: FindingText) -> [Hit] {
        let s = t.s
        var w = q + 2
        // 问题重点开展整改整治: an adverb may come before the verb
        for adverb in Self.campaignAdverbs where s.has(adverb, at: w) {
            w += adverb.count
            break
        }
        if s.has(Words.carryOut, at: w) || s.has(Words.conduct, at: w) { w += 2 }
        guard campaigns.contains(where: { s.has($0, at: w) }) else { return [] }
        // back over 等 [N个方面] [突出] to the list
        var k = q
        if s.has(Words.prominent, endingAt: k) { k -= 2 }
        if s.has(Words.aspect, endingAt: k) { k -= 2 }
        var stated: Int? = nil
        if k > 0 && (s[k - 1] == "个" || s[k - 1] == "类" || s[k - 1] == "项") {
            var d = k - 1
            while d > 0 && (s[d - 1].isDigitLike || ChineseNumerals.isNumeral(s[d - 1])) { d -= 1 }
            if let n = NumberScan.read(s, at: d), n.end == k - 1 { stated = Int(n.value) }
            k = d
        }
        guard k > 0 && s[k - 1] == "等" else { return [] }
        let listEnd = k - 1
        let sentence = t.sentenceStart(listEnd)
        var items: [Range<Int>] = []
        var end = listEnd
        var cursor = listEnd - 1
        while cursor >= sentence && items.count < 12 {
            if (s[cursor] == "，" || s[cursor] == "," || s[cursor] == "；") && !t.isQuoted(cursor) {
                items.insert((cursor + 1)..<end, at: 0)
                end = cursor
                if let n = stated, items.count >= n { break }
                // 对 opens the list: nothing before it is an item, whatever count the text states.
                if items.first.map({ containsDui($0, in: s) }) == true { break }
            }
            cursor -= 1
        }
        if cursor < sentence { items.insert(sentence..<end, at: 0) }
        // Without a stated count or 对 opening the list, the list's start is unknown.
        guard stated != nil || items.first.map({ containsDui($0, in: s) }) == true else { return [] }
        if let n = stated, items.count > n { items.removeFirst(items.count - n) }
        guard !items.isEmpty else { return [] }
        if let lastDui = lastDui(in: items[0], s: s) { items[0] = (lastDui + 1)..<items[0].upperBound }
        if let n = stated, items.count < n {
            // 对A、B、C等3个方面问题: the items are listed with 、 instead; 对A、B等16个方面 gives examples
            let fine = items.flatMap { split($0, on: "、", in: t) }
            if fine.count == n || (items.count == 1 && fine.count > 1) { items = fine }
        }
        let measure = t.phrase((q + 2)..<t.clauseEnd(w))
        return items.compactMap { r in trimProblem(r, in: t).map { (t.phrase($0), measure, r.lowerBound..<(w + 4)) } }
    }

    /// Splits `r` at `separator`s outside quotes.
    static func split(_ r: Range<Int>, on separator: Unicode.Scalar, in t: FindingText) -> [Range<Int>] {
        var parts: [Range<Int>] = []
        var start = r.lowerBound
        for k in r where t.s[k] == separator && !t.isQuoted(k) {
            parts.append(start..<k)
            start = k + 1
        }
        parts.append(start..<r.upperBound)
        return parts.filter { !$0.isEmpty }
    }

    private static func containsDui(_ r: Range<Int>, in s: Scalars) -> Bool { lastDui(in: r, s: s) != nil }

    private static func lastDui(in r: Range<Int>, s: Scalars) -> Int? {
        var k = r.upperBound - 1
        while k >= r.lowerBound {
            if s[k] == "对" { return k }
            k -= 1
        }
        return nil
    }

    /// …殡葬服务领域突出问题专项治理 — the campaign named right after the problem.
    static func campaignAfter(q: Int, in t: FindingText) -> [Hit] {
        let s = t.s
        guard let w = campaigns.first(where: { s.has($0, at: q + 2) }) else { return [] }
        // 问题集中整治的部署要求: the campaign only qualifies another noun here
        let after = q + 2 + w.count
        if after < s.count && (s[after] == "的" || s.has(Words.work, at: after)) { return [] }
        var end = q
        if s.has(Words.prominent, endingAt: end) { end -= 2 }
        let listed = end > 0 && s[end - 1] == "等"  // A、B、C等问题专项整治: every item counts
        var start = end
        while start > 0 && !((!listed && s[start - 1] == "、") || t.isClauseDelimiter(start - 1, relativeTo: q)) {
            start -= 1
        }
        for verb in Self.campaignVerbs {
            if let v = s.find(verb, from: start, limit: end) { start = v + verb.count }
        }
        let parts = listed ? split(start..<(end - 1), on: "、", in: t) : [start..<end]
        let campaign = t.text((q + 2)..<(q + 2 + w.count))  // as written (專項治理)
        return parts.compactMap { p in trimProblem(p, in: t).map { (t.phrase($0), campaign, start..<(q + 2 + w.count)) }
        }
    }

    /// 坚决防止和纠正…搞形式、走过场等问题 — the remedy opens the clause, the problem follows it.
    static func remedyBefore(q: Int, in t: FindingText) -> [Hit] {
        let s = t.s
        guard q > 0, endsProblem(q, in: s) else { return [] }
        var e = q
        if s.has(Words.prominent, endingAt: e) { e -= 2 }
        guard e > 0 && s[e - 1] == "等" else { return [] }
        e -= 1
        let cs = t.clauseStart(e)
        var k = cs
        var verbEnd: Int? = nil
        while k < e {
            if let v = remedyVerbs.first(where: { s.has($0, at: k) }) {
                var ve = k + v.count
                // 防止和纠正: a chain of remedies
                while ve + 1 < e, s[ve] == "和" || s[ve] == "并" || s[ve] == "及",
                    let v2 = remedyVerbs.first(where: { s.has($0, at: ve + 1) })
                {
                    ve += 1 + v2.count
                }
                verbEnd = ve
                break
            }
            k += 1
        }
        guard let from = verbEnd, from < e, s.find(problemWord, from: from, limit: e) == nil, !s[from].isClauseEnd,
            s[from] != "、"
        else { return [] }
        if triggers.contains(where: { s.find($0, from: cs, limit: e) != nil }) { return [] }
        var hits: [Hit] = [(t.phrase(from..<e), t.phrase(cs..<t.clauseEnd(q)), cs..<(q + 2))]
        // 着力解决…等问题，全面开展…: what follows in the sentence is a measure too
        let ce = t.clauseEnd(q)
        if ce < s.count, s[ce] == "，" || s[ce] == "," {
            hits.append((t.phrase(from..<e), t.phrase((ce + 1)..<t.sentenceEnd(ce + 1)), cs..<(q + 2)))
        }
        return hits
    }

    /// 拖欠农民工工资问题容易集中出现。(next sentence: what was done.)
    static func persisting(q: Int, in t: FindingText) -> [Hit] {
        let s = t.s
        var k = q + 2
        for adverb in Self.persistAdverbs where s.has(adverb, at: k) { k += adverb.count }
        if s.has(Words.concentrated, at: k) { k += 2 }
        guard let verb = persistVerbs.first(where: { s.has($0, at: k) }) else { return [] }
        // 问题容易集中出现。— the verb closes the clause; 检视问题突出“准” is another sense of 突出
        guard k + verb.count < s.count, t.isClauseDelimiter(k + verb.count, relativeTo: q) else { return [] }
        let end = t.sentenceEnd(k)
        guard end < s.count, s[end] == "。" || s[end] == "；" else { return [] }
        let cs = t.clauseStart(q)
        guard !triggers.contains(where: { s.find($0, from: cs, limit: q) != nil }), let r = trimProblem(cs..<q, in: t),
            r.count >= 3,
            !goalVerbs.contains(where: { s.has($0, endingAt: r.upperBound) })
        else { return [] }
        return [(t.phrase(r), measure(after: end, in: t), cs..<(q + 2))]
    }
}

/// The numbered form of rectification bulletins: `1.干部队伍结构不够优化。` then `整改情况：一是…`.
enum BulletinProblems {
    static let labels: [Scalars] = ["整改落实情况", "整改情况", "整改措施", "整改进展", "整改举措"].map(scalarArray)
    static let problemLabels: [Scalars] = ["存在问题：", "存在问题:", "问题：", "问题:"].map(scalarArray)

    static func find(in t: FindingText) -> [ProblemFinder.Hit] {
        let s = t.s
        var hits: [ProblemFinder.Hit] = []
        var i = 0
        while i < s.count {
            guard s[i] == "整", let label = labels.first(where: { s.has($0, at: i) }) else {
                i += 1
                continue
            }
            var colon = i + label.count
            while colon < s.count && s[colon].isSpaceLike { colon += 1 }
            guard colon < s.count, s[colon] == "：" || s[colon] == ":" else {
                i += 1
                continue
            }
            // The problem: the paragraph before the label, or the text before it in its own paragraph.
            var back = i
            while back > 0 && (s[back - 1].isSpaceLike) { back -= 1 }
            var probEnd = back
            if back > 0 && s[back - 1] == "\n" { probEnd = back - 1 }
            var probStart = probEnd
            while probStart > 0 && s[probStart - 1] != "\n" { probStart -= 1 }
            var prob = Array(s[probStart..<probEnd]).trimmed()
            var lead = probStart
            while lead < probEnd && s[lead].isSpaceLike { lead += 1 }
            if let m = SectionMarker.length(prob) {
                prob.removeFirst(m)
                lead += m
            } else if let l = problemLabels.first(where: { prob.has($0, at: 0) }) {
                lead += l.count
            } else {
                i = colon + 1
                continue
            }
            if s.has(Words.about, at: lead) { lead += 2 }  // 1.关于理论学习不深入的问题
            var hi = probEnd
            while hi > lead && (s[hi - 1].isSentenceEnd || s[hi - 1].isSpaceLike) { hi -= 1 }
            if s.has(Words.ofProblem, endingAt: hi) {
                hi -= 3
            } else if s.has(Words.problem, endingAt: hi) && hi - lead > 2 {
                hi -= 2
            }
            var paraEnd = colon + 1
            while paraEnd < s.count && s[paraEnd] != "\n" && paraEnd - colon < 600 { paraEnd += 1 }
            if hi > lead, hi - lead <= 120 {
                hits.append((t.phrase(lead..<hi), t.phrase((colon + 1)..<paraEnd), lead..<paraEnd))
            }
            i = colon + 1
        }
        return hits
    }
}
