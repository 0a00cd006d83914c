/// Finds progress tallies (反馈25个问题，已完成整改19个、正在整改6个，整改完成率76%;
/// 已阶段性完成并长期坚持1081个) and maps each count to a ledger state.
enum TallyFinder {
    /// Phrases naming a state, checked longest first; the one nearest a figure wins.
    static let statePhrases: [(Scalars, TallyState?)] = [
        ("阶段性完成并长期坚持", .ongoing), ("长期坚持", .ongoing), ("已完成整改", .closed), ("已整改完成", .closed),
        ("已整改到位", .closed), ("已全面整改", .closed), ("全面整改", .closed), ("整改到位", .closed), ("完成整改", .closed),
        ("整改完成", .closed), ("已整改", .closed), ("已销号", .closed), ("已办结", .closed), ("正在整改", .open),
        ("持续整改", .open), ("整改中", .open), ("正在推进", .open), ("反馈", nil), ("发现", nil), ("梳理", nil),
        ("查摆", nil), ("检视", nil), ("交办", nil), ("排查", nil), ("认领", nil), ("指出", nil),
    ].map { (scalarArray($0.0), $0.1) }
    static let countUnits: Set<Unicode.Scalar> = ["个", "项", "条", "件"]

    static func find(in t: FindingText) -> [StatusTally] {
        let s = t.s
        var tallies: [StatusTally] = []
        var start = 0
        while start < s.count {
            let end = t.sentenceEnd(start, limit: 2000)
            if end > start, let tally = tally(start..<end, in: t) { tallies.append(tally) }
            start = end + 1
        }
        return tallies
    }

    private static func tally(_ r: Range<Int>, in t: FindingText) -> StatusTally? {
        let s = t.s
        guard
            s.find(Words.rectify, from: r.lowerBound, limit: r.upperBound) != nil
                || s.find(Words.closure, from: r.lowerBound, limit: r.upperBound) != nil
        else { return nil }
        var tally = StatusTally(text: t.text(r))
        var i = r.lowerBound
        while i < r.upperBound {
            guard NumberScan.startsNumber(s, i), let n = NumberScan.read(s, at: i), n.end < r.upperBound else {
                i += 1
                continue
            }
            defer { i = max(i + 1, n.end) }
            if s[n.end] == "%" || s[n.end] == "％" {
                if s.find(Words.rate, from: max(r.lowerBound, i - 6), limit: i) != nil {
                    tally.completionRate = n.value / 100
                }
                continue
            }
            guard countUnits.contains(s[n.end]) else { continue }
            let value = Int(n.value)
            let afterUnit = n.end + 1
            let before = nearestPhrase(before: i, from: r.lowerBound, in: s)
            if let state = before ?? nil {
                tally.counts[state, default: 0] += value
            } else if s.has(Words.problem, at: afterUnit) {
                tally.total = value  // 反馈的4个方面12个问题: the figure naming 问题 is the total
            } else if let state = statePhrases.first(where: { s.has($0.0, at: afterUnit) })?.1 {
                tally.counts[state, default: 0] += value  // 17个已整改到位
            } else if before != nil, tally.total == nil {
                tally.total = value
            }
        }
        return tally.counts.isEmpty ? nil : tally
    }

    /// The state phrase ending closest before a figure (within a few characters), if any.
    private static func nearestPhrase(before i: Int, from lower: Int, in s: Scalars) -> TallyState?? {
        var k = i
        while k > lower && i - k <= 6 {
            for (p, state) in statePhrases where s.has(p, endingAt: k) { return .some(state) }
            if s[k - 1] == "，" || s[k - 1] == "、" || s[k - 1] == "," { return nil }
            k -= 1
        }
        return nil
    }
}
