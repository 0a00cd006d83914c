/// Titles that a capture wrapped over several lines, or that carry the date after them.
enum TitleLines {
    private static let bylineWords: [Scalars] = ["记者", "通讯员", "作者", "来源"].map(scalarArray)

    /// A title line this long, ending without punctuation, was probably wrapped.
    static func mayContinue(_ line: Scalars) -> Bool {
        guard line.count >= 12, let last = line.last else { return false }
        return last.isHan || last.isASCIILetter
    }

    /// Whether `line` carries on a wrapped title rather than starting the text.
    static func continues(_ title: String, with line: Scalars) -> Bool {
        guard let first = line.first, line.count <= 40, title.unicodeScalars.count + line.count <= 80 else {
            return false
        }
        if first == "—" || first == "（" || first == "(" || first == "《" { return false }  // a subtitle or a note
        if line.contains(where: { $0.isSentenceEnd || $0 == "，" || $0 == "：" || $0 == ":" || $0 == "," }) {
            return false
        }
        if SectionMarker.length(line) != nil { return false }
        for w in bylineWords where line.find(w, from: 0) != nil { return false }
        return true
    }

    /// `标题 2026-02-13` → (`标题`, `2026-02-13`).
    static func splitTrailingDate(_ line: Scalars) -> (String, String?) {
        var k = line.count
        while k > 0
            && (line[k - 1].isDigitLike || line[k - 1] == "-" || line[k - 1] == "/" || line[k - 1] == ":"
                || line[k - 1].isSpaceLike)
        {
            k -= 1
        }
        guard k < line.count, k > 0, line[k].isSpaceLike || k < line.count - 8,
            let stamp = DateStamp.parse(line.string(k..<line.count)), !Array(line[0..<k]).trimmed().isEmpty
        else { return (line.string, nil) }
        return (Array(line[0..<k]).trimmed().string, stamp)
    }
}
