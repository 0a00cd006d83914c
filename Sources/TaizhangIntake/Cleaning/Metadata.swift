/// The metadata a page or report states about an article: 来源, 发布时间, 作者, 标签 and the
/// government-portal block (索引号/发布机构/成文日期).
struct ArticleMetadata: Equatable {
    var source: String?
    var published: String?
    var author: String?
    var tags: [String] = []
    /// 发布机构: the source when no 来源 is given.
    var publisher: String?
    /// 成文日期: the date when no 发布时间 is given.
    var written: String?
}

/// Recognises lines made of labelled fields (`来源：新华网 发布时间：2019-07-28 09:57:47`).
enum MetadataLine {
    enum Field { case source, published, author, tags, publisher, written, ignored }

    /// Longest labels first, so 信息来源 wins over 来源 and 发布时间 over 时间.
    private static let labels: [(Scalars, Field)] = [
        ("信息来源", Field.source), ("本文来源", .source), ("文章来源", .source), ("稿件来源", .source), ("新闻来源", .source),
        ("来源", .source),
        ("发布时间", .published), ("发布日期", .published), ("发表时间", .published), ("发表日期", .published),
        ("更新时间", .published), ("时间", .published), ("日期", .published), ("作者", .author), ("记者", .author),
        ("撰稿", .author), ("撰文", .author), ("责任编辑", .ignored), ("编辑", .ignored), ("审核", .ignored),
        ("校对", .ignored), ("标签", .tags), ("关键词", .tags), ("关键字", .tags), ("主题词", .tags),
        ("索引号", .ignored), ("发布机构", .publisher), ("发文机关", .publisher), ("发文机构", .publisher), ("发布单位", .publisher),
        ("内容概述", .ignored), ("信息分类", .ignored), ("文件编号", .ignored), ("所属机构", .ignored), ("发文日期", .written),
        ("成文日期", .written),
        ("发文字号", .ignored), ("文号", .ignored), ("主题分类", .ignored), ("体裁分类", .ignored),
        ("组配分类", .ignored), ("公开方式", .ignored), ("公开范围", .ignored), ("公开时限", .ignored),
        ("浏览次数", .ignored), ("阅读次数", .ignored), ("访问量", .ignored), ("访问次数", .ignored), ("点击率", .ignored),
        ("浏览量", .ignored), ("阅读量", .ignored),
        ("点击数", .ignored), ("点击量", .ignored), ("字号", .ignored), ("字体", .ignored), ("分类", .ignored),
        ("有效性", .ignored), ("生效日期", .ignored), ("废止日期", .ignored), ("名称", .ignored), ("标题", .ignored),
    ].map { (scalarArray($0.0), $0.1) }

    /// The label at `i` and the index just past its colon.
    private static func label(in s: Scalars, at i: Int) -> (Field, Int)? {
        if i > 0 && s[i - 1].isHan { return nil }  // 信息来源 is matched at 信, never at 来
        for (word, field) in labels where s.has(word, at: i) {
            var j = i + word.count
            while j < s.count && s[j].isSpaceLike { j += 1 }
            // 索引号 | 000014349 |: portal tables put a bar where a colon would be
            if j < s.count && (s[j] == "：" || s[j] == ":" || ((s[j] == "|" || s[j] == "｜") && j > i + word.count)) {
                return (field, j + 1)
            }
        }
        return nil
    }

    /// The fields of a metadata line, or nil when the line is text.
    /// `written` is the line as captured, `line` its simplified form (same length): labels are
    /// found in the simplified form, values are kept as written.
    static func parse(_ line: Scalars, written: Scalars? = nil) -> [(Field, String)]? {
        let original = written ?? line
        guard line.count < 400, line.contains(where: { $0 == "：" || $0 == ":" || $0 == "|" || $0 == "｜" }) else {
            return nil
        }
        var start = 0
        while start < line.count && (line[start].isSpaceLike || "【[（(|•·●◆■*-".unicodeScalars.contains(line[start])) {
            start += 1
        }
        var found: [(Field, Int, Int)] = []  // field, label start, value start
        var i = start
        while i < line.count {
            if let (field, valueStart) = label(in: line, at: i) {
                found.append((field, i, valueStart))
                i = valueStart
            } else {
                i += 1
            }
        }
        guard let first = found.first else { return nil }
        // One field must open the line (a sentence may mention 时间： in passing); a short line may
        // also start with a date and carry its fields after it.
        if first.1 != start && !(found.count >= 1 && DateStamp.parse(line.string(start..<first.1)) != nil) {
            if found.count < 2 { return nil }
        }
        if found.count == 1 && line.count > 120 { return nil }
        var fields: [(Field, String)] = []
        if first.1 != start, let stamp = DateStamp.parse(line.string(start..<first.1)) {
            fields.append((.published, stamp))
        }
        for (k, f) in found.enumerated() {
            let end = k + 1 < found.count ? found[k + 1].1 : line.count
            let value = cleanValue(Array(original[f.2..<end]))
            fields.append((f.0, value))
        }
        return fields
    }

    private static func cleanValue(_ v: Scalars) -> String {
        var t = v.trimmed()
        // an unknown label after the value (访问量：) ends it
        if let colon = t.firstIndex(where: { $0 == "：" || $0 == ":" }),
            let space = t[..<colon].lastIndex(where: { $0.isSpaceLike }),
            !(t[0..<colon].allSatisfy { $0.isDigitLike || $0.isSpaceLike || "-/年月日".unicodeScalars.contains($0) })
        {
            t = Array(t[..<space]).trimmed()
        }
        let edge = "【】[]|（）()".unicodeScalars
        while let l = t.last, edge.contains(l) || l.isSpaceLike { t.removeLast() }
        while let f = t.first, edge.contains(f) || f.isSpaceLike { t.removeFirst() }
        return t.string
    }

    /// Applies parsed fields to the article's metadata, first statement wins.
    static func apply(_ fields: [(Field, String)], to m: inout ArticleMetadata) {
        for (field, value) in fields where !value.isEmpty {
            switch field {
            case .source:
                if m.source == nil { m.source = value.components(separatedBy: "  ").first ?? value }
            case .published:
                if m.published == nil, let d = DateStamp.parse(value) { m.published = d }
            case .author:
                // 佚名 and the like say the author is unknown: there is none to give
                if m.author == nil && !["佚名", "未知", "不详", "匿名", "无"].contains(value) { m.author = value }
            case .tags:
                if m.tags.isEmpty { m.tags = splitTags(value) }
            case .publisher:
                if m.publisher == nil { m.publisher = value }
            case .written:
                if m.written == nil { m.written = DateStamp.parse(value) }
            case .ignored:
                break
            }
        }
    }

    static func splitTags(_ value: String) -> [String] {
        let separators = Set(" \t\u{3000}\u{A0}、，,；;|/".unicodeScalars)
        var tags: [String] = []
        var current = String.UnicodeScalarView()
        for u in value.unicodeScalars {
            if separators.contains(u) {
                if !current.isEmpty { tags.append(String(current)) }
                current = String.UnicodeScalarView()
            } else {
                current.append(u)
            }
        }
        if !current.isEmpty { tags.append(String(current)) }
        return tags
    }
}

/// A byline at the start of a news item: 本报讯（记者 安娜）近日… gives the author.
enum Byline {
    static func author(_ simple: Scalars, written: Scalars) -> String? {
        let head = min(simple.count, 24)
        guard let open = simple[0..<head].firstIndex(where: { $0 == "（" || $0 == "(" }),
            simple.has(Words.reporter, at: open + 1),
            let close = simple[open...].prefix(40).firstIndex(where: { $0 == "）" || $0 == ")" })
        else { return nil }
        var names = Array(written[(open + 3)..<close])
        if let other = Array(simple[(open + 3)..<close]).find(Words.correspondent, from: 0) {
            names = Array(names[0..<other])
        }
        let t = names.trimmed()
        return t.isEmpty ? nil : t.string
    }
}
