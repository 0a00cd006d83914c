/// A line that only credits reporters: `新华社记者郭敬丹、沈汝发`, `湖南日报全媒体记者 周帙恒`,
/// `记者 王芳`. The outlet before 记者 is the source; the names after it the author.
///
/// Recognised by shape: a short line without sentence punctuation, 记者 (with an optional rank such
/// as 全媒体/特约/首席/见习 before it) not at the very end, names of two to four characters after it.
enum ReporterLine {
    static let ranks: [Scalars] = ["全媒体", "融媒体", "特约", "首席", "见习", "驻站", "本报", "本台", "本网"].map(scalarArray)

    static func parse(_ simple: Scalars, written: Scalars) -> (source: String?, author: String)? {
        let line = simple.trimmed()
        guard line.count >= 4, line.count <= 48, !line.contains(where: { $0.isSentenceEnd || $0 == "，" || $0 == "," }),
            let at = line.find(Words.reporter, from: 0), at + 2 < line.count
        else { return nil }
        let offset = simple.firstIndex(where: { !$0.isSpaceLike }) ?? 0
        // The names: Chinese names separated by 、 or spaces, each two to four characters.
        let names = Array(written[(offset + at + 2)..<(offset + line.count)]).trimmed()
        let parts = names.split(whereSeparator: { $0 == "、" || $0.isSpaceLike || $0 == "，" })
        guard !parts.isEmpty, parts.allSatisfy({ (2...4).contains($0.count) && $0.allSatisfy(\.isHan) }) else {
            return nil
        }
        var outletEnd = at
        for rank in ranks where outletEnd >= rank.count && line.has(rank, endingAt: outletEnd) {
            outletEnd -= rank.count
        }
        let outlet = Array(written[offset..<(offset + outletEnd)]).trimmed()
        let author = parts.map { Array($0).string }.joined(separator: "、")
        return (outlet.isEmpty ? nil : outlet.string, author)
    }
}

/// A news agency's dateline opening the text: `新华社北京8月11日电` names the source.
enum Dateline {
    static let outletEnds: Set<Unicode.Scalar> = ["社", "网", "报", "台"]

    static func source(_ simple: Scalars, written: Scalars) -> String? {
        let line = simple.prefix(40)
        guard let dian = line.firstIndex(of: "电"), dian >= 4 else { return nil }
        // …8月11日电: a date right before 电
        guard line[dian - 1] == "日", let month = line[..<dian].lastIndex(of: "月"), dian - month <= 4 else {
            return nil
        }
        var k = month
        while k > 0 && (line[k - 1].isDigitLike || ChineseNumerals.isNumeral(line[k - 1])) { k -= 1 }
        // The outlet: up to its last 社/网/报/台 before the place name.
        guard let end = line[..<k].lastIndex(where: { outletEnds.contains($0) }), end >= 1, end < k else { return nil }
        let outlet = Array(written[0...end]).trimmed()
        return outlet.count >= 2 && outlet.allSatisfy(\.isHan) ? outlet.string : nil
    }
}
