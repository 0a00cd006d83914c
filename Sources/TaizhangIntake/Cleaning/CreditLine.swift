/// A credit line naming the article's source: （据安徽省民政厅） (来源：新华社).
enum CreditLine {
    private static let leads: [Scalars] = ["据", "来源：", "来源:", "来源于", "稿件来源：", "信息来源："].map(scalarArray)
    private static let tails: [Scalars] = ["消息", "报道"].map(scalarArray)

    /// A credit closing a longer line: where it starts, and the source it names.
    static func trailing(_ line: Scalars, written: Scalars) -> (Int, String)? {
        guard line.count > 8, let last = line.last, last == "）" || last == ")" else { return nil }
        guard let open = line.lastIndex(where: { $0 == "（" || $0 == "(" }), open > 0, line.count - open <= 40,
            line[open - 1].isSentenceEnd || line[open - 1] == "”"
        else { return nil }
        guard let source = source(Array(line[open...]), written: Array(written[open...])) else { return nil }
        return (open, source)
    }

    static func source(_ line: Scalars, written: Scalars? = nil) -> String? {
        guard line.count >= 4, line.count <= 48, let first = line.first, let last = line.last else { return nil }
        guard (first == "（" || first == "(") && (last == "）" || last == ")") else { return nil }
        let simpleInner = Array(line[1..<(line.count - 1)])
        let writtenInner = Array((written ?? line)[1..<(line.count - 1)])
        var lo = 0
        while lo < simpleInner.count && simpleInner[lo].isSpaceLike { lo += 1 }
        for lead in leads where simpleInner.has(lead, at: lo) {
            var inner = Array(writtenInner[(lo + lead.count)...]).trimmed()
            for tail in tails where inner.count > tail.count && inner.has(tail, endingAt: inner.count) {
                inner.removeLast(tail.count)
            }
            return inner.isEmpty ? nil : inner.string
        }
        return nil
    }
}
