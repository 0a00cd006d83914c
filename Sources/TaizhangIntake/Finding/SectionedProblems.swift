/// Problems laid out by the document's own structure, recognised by headings and numbering rather
/// than by phrases:
/// - a numbered list under a heading about problems (二、存在问题) paired, item for item, with a
///   numbered list under a heading about remedies (三、整改要求 / 整改措施 / 下一步);
/// - numbered subsections under a heading about rectification (二、具体整改情况), each titled by its
///   problem (（一）…未完成。) and followed by what was done (该问题已完成整改。一是…).
enum SectionedProblems {
    /// Words that make a short heading one about problems, or one about remedies.
    static let problemHeads: [Scalars] = ["问题"].map(scalarArray)
    static let remedyHeads: [Scalars] = [
        "整改要求", "整改措施", "整改建议", "整改意见", "整改方向", "整改举措", "下一步", "工作措施", "对策", "改进措施",
        "工作要求", "意见建议",
    ].map(scalarArray)
    static let rectifiedHeads: [Scalars] = ["整改情况", "整改落实情况", "整改进展", "整改完成情况"].map(scalarArray)
    /// Status sentences that open a subsection's text and say nothing of what was done.
    static let statuses: [Scalars] = [
        "该问题已完成整改", "该问题已整改完成", "已完成整改", "已整改完成", "该问题正在整改", "正在整改", "已基本完成整改",
        "该问题已基本完成整改", "整改情况", "整改进展",
    ].map(scalarArray)

    struct Line {
        var range: Range<Int>
        /// After the section marker, if the line has one.
        var content: Range<Int>
        var marker: Scalars?
    }

    static func lines(in t: FindingText) -> [Line] {
        var out: [Line] = []
        var start = 0
        for k in 0...t.count where k == t.count || t.s[k] == "\n" {
            var lo = start
            while lo < k && t.s[lo].isSpaceLike { lo += 1 }
            if lo < k {
                let text = Array(t.s[lo..<k])
                if let m = SectionMarker.length(text) {
                    out.append(Line(range: lo..<k, content: (lo + m)..<k, marker: markerKind(Array(text[0..<m]))))
                } else {
                    out.append(Line(range: lo..<k, content: lo..<k, marker: nil))
                }
            }
            start = k + 1
        }
        return out
    }

    /// The kind of a marker (一、 vs （一） vs 1.), so items of one list are told from the next level.
    static func markerKind(_ m: Scalars) -> Scalars {
        var out: Scalars = []
        for u in m {
            let v: Unicode.Scalar
            if u.isDigitLike {
                v = "1"
            } else if SectionMarker.chineseNumerals.contains(u) {
                v = "一"
            } else if u == "(" {
                v = "（"
            } else if u == ")" {
                v = "）"
            } else {
                v = u
            }
            // 12. and 十二、 are the same kind as 1. and 一、
            if (v == "1" || v == "一") && out.last == v { continue }
            out.append(v)
        }
        return out
    }

    static func isHeading(_ l: Line, in t: FindingText, words: [Scalars]) -> Bool {
        var c = Array(t.s[l.content])
        while let last = c.last, last == "：" || last == ":" || last.isSpaceLike { c.removeLast() }
        guard c.count >= 2, c.count <= 14, !c.contains(where: { $0.isSentenceEnd || $0 == "，" }) else { return false }
        return words.contains { c.find($0, from: 0) != nil }
    }

    /// The numbered items right under the line at `index` (same marker kind, not interrupted by a
    /// line of the heading's own kind).
    static func items(after index: Int, in lines: [Line], heading: Line) -> [Line] {
        var items: [Line] = []
        var kind: Scalars?
        var k = index + 1
        while k < lines.count {
            let l = lines[k]
            if let m = l.marker {
                if m == heading.marker { break }
                if kind == nil { kind = m }
                if m == kind { items.append(l) }
            } else if kind != nil && items.isEmpty {
                break
            }
            k += 1
        }
        return items
    }

    static func find(in t: FindingText) -> [ProblemFinder.Hit] {
        let lines = lines(in: t)
        var hits: [ProblemFinder.Hit] = []
        for (i, l) in lines.enumerated() where l.marker != nil {
            if isHeading(l, in: t, words: problemHeads) && !isHeading(l, in: t, words: remedyHeads + rectifiedHeads) {
                let problems = items(after: i, in: lines, heading: l)
                guard !problems.isEmpty,
                    let j = lines.indices.first(where: {
                        $0 > i && lines[$0].marker == l.marker && isHeading(lines[$0], in: t, words: remedyHeads)
                    })
                else { continue }
                let remedies = items(after: j, in: lines, heading: lines[j])
                for (p, m) in zip(problems, remedies) {
                    if let problem = problemHead(p.content, in: t) {
                        hits.append((problem, t.phrase(m.content), p.range.lowerBound..<p.range.upperBound))
                    }
                }
            } else if isHeading(l, in: t, words: rectifiedHeads) {
                for sub in items(after: i, in: lines, heading: l) {
                    guard let problem = subsectionProblem(sub, in: t),
                        let measure = firstMeasure(after: sub.range.upperBound, in: t)
                    else { continue }
                    hits.append((problem, measure, sub.range))
                }
            }
        }
        return hits
    }

    /// An item's problem: up to its first colon (1.个别支部活动创新不足：…), else its first clause.
    static func problemHead(_ r: Range<Int>, in t: FindingText) -> String? {
        var end = r.lowerBound
        while end < r.upperBound && !"：:。；，,".unicodeScalars.contains(t.s[end]) { end += 1 }
        guard end - r.lowerBound >= 3, end - r.lowerBound <= 60 else { return nil }
        return trimmedProblem(r.lowerBound..<end, in: t)
    }

    /// A subsection titled by its problem: one short sentence (（一）…未完成。) with nothing after it.
    static func subsectionProblem(_ l: Line, in t: FindingText) -> String? {
        var end = l.content.upperBound
        while end > l.content.lowerBound && (t.s[end - 1].isSentenceEnd || t.s[end - 1].isSpaceLike) { end -= 1 }
        let body = l.content.lowerBound..<end
        guard body.count >= 4, body.count <= 60,
            !t.s[body].contains(where: { $0.isSentenceEnd })
        else { return nil }
        return trimmedProblem(body, in: t)
    }

    /// What was done: the text after the subsection's title, past a status sentence.
    static func firstMeasure(after e: Int, in t: FindingText) -> String? {
        var k = e
        while k < t.count && (t.s[k].isSpaceLike || t.s[k] == "\n") { k += 1 }
        guard k < t.count, SectionMarker.length(Array(t.s[k..<min(t.count, k + 6)])) == nil else { return nil }
        if statuses.contains(where: { t.s.has($0, at: k) }) {
            k = t.sentenceEnd(k) + 1
            while k < t.count && t.s[k].isSpaceLike { k += 1 }
        }
        guard k < t.count else { return nil }
        return t.phrase(k..<t.sentenceEnd(k))
    }

    static func trimmedProblem(_ r: Range<Int>, in t: FindingText) -> String? {
        var hi = r.upperBound
        if t.s.has(Words.ofProblem, endingAt: hi) {
            hi -= 3
        } else if t.s.has(Words.problem, endingAt: hi) && hi - r.lowerBound > 4 {
            hi -= 2
        }
        var lo = r.lowerBound
        if t.s.has(Words.about, at: lo) { lo += 2 }
        return hi > lo ? t.phrase(lo..<hi) : nil
    }
}
