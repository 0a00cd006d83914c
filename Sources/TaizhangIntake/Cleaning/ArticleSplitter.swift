/// One article as cleaning leaves it: title, metadata and joined paragraphs.
struct CleanArticle {
    var title: String?
    var metadata = ArticleMetadata()
    var paragraphs: [Scalars] = []

    var body: String { paragraphs.map { $0.string }.joined(separator: "\n") }
}

/// Splits clean lines into articles and sorts each line into title, metadata, chrome or body.
///
/// Articles start at a Markdown heading (`#`, `##` …) that is not a numbered section, and
/// after a credit line such as （据安徽省民政厅）, which closes the article it follows.
struct ArticleSplitter {
    private var articles: [CleanArticle] = []
    private var current = Draft()
    private var inRelatedList = false
    /// A label whose value was left for the next line (`• 发布机构:` then `县政府网站`).
    private var pendingField: MetadataLine.Field? = nil
    /// Set when the document is wrapped at a fixed width: lines that long go on.
    private var wrapThreshold: Int? = nil

    private struct Draft {
        var title: String?
        var titleFromFileName = false
        var metadata = ArticleMetadata()
        var lines: [Scalars] = []
        var hasBody = false
        var closedByCredit = false
        /// The title came from the line just before and may go on in the next (a wrapped title).
        var titleOpen = false
        /// The Markdown level of the heading that opened the article.
        var headingLevel: Int? = nil
    }

    static func split(_ text: Scalars, pageTitle: String? = nil, heading: String? = nil) -> [CleanArticle] {
        var splitter = ArticleSplitter()
        var lines: [Scalars] = []
        var start = 0
        var i = 0
        while i <= text.count {
            if i == text.count || text[i] == "\n" || text[i] == "\r" || text[i] == "\u{2028}" || text[i] == "\u{2029}" {
                let line = Array(text[start..<i]).trimmed()
                if !(lines.isEmpty && line.isEmpty) { lines.append(line) }
                if i + 1 < text.count && text[i] == "\r" && text[i + 1] == "\n" { i += 1 }  // CRLF is one break
                start = i + 1
            }
            i += 1
        }
        let anchors = [heading, pageTitle.flatMap(cleanPageTitle)].compactMap { $0 }
        let first = PageTitleAnchor.titleLine(in: lines, anchors: anchors) ?? 0
        splitter.wrapThreshold = Paragraphs.wrapThreshold(lines)
        for (k, line) in lines[first...].enumerated() { splitter.take(line, isFirst: k == 0) }
        splitter.finish()
        if let t = pageTitle, !splitter.articles.isEmpty, splitter.articles[0].title == nil {
            splitter.articles[0].title = cleanPageTitle(t)
        }
        return splitter.articles
    }

    private mutating func take(_ line: Scalars, isFirst: Bool) {
        // Chrome, labels and credit lines are recognised in simplified form (當前位置, 來源：).
        let simple = Simplifier.simplify(line)
        if line.isEmpty {
            current.lines.append([])
            current.titleOpen = false
            return
        }
        if isFirst, let name = FileNameTitle.title(line) {
            current.title = name
            current.titleFromFileName = true
            return
        }
        if let (heading, level) = markdownHeading(line) {
            // A short, deeper heading inside an article that no credit line has closed is a section
            // of it (## 加强组织领导); an article's title is longer and names who did what.
            let isSection =
                current.hasBody && !current.closedByCredit && heading.count <= 14
                && (current.headingLevel.map { level > $0 } ?? false)
            if SectionMarker.length(heading) != nil || isSection {
                current.lines.append(contentsOf: [[], heading, []])
                current.hasBody = true
            } else {
                startArticle(titled: heading.string)
                current.headingLevel = level
            }
            return
        }
        if let source = CreditLine.source(simple, written: line) {
            if current.metadata.source == nil { current.metadata.source = source }
            current.closedByCredit = true
            return
        }
        if Chrome.isRelatedHeader(simple) {
            inRelatedList = true
            return
        }
        if inRelatedList {
            if line.count <= 60 { return }
            inRelatedList = false
        }
        // Metadata first: a 来源/发布时间 line often carries a font-size widget too.
        if let fields = MetadataLine.parse(simple, written: line) {
            MetadataLine.apply(fields, to: &current.metadata)
            pendingField = fields.last.flatMap { $0.1.isEmpty ? $0.0 : nil }
            if fields.contains(where: { $0.0 == .source || $0.0 == .published }) { takeHeaderAsTitle() }
            current.titleOpen = false
            return
        }
        if let field = pendingField {
            pendingField = nil
            if line.count <= 40 && !line.contains("。") && line.last != ":" && line.last != "：" {
                MetadataLine.apply([(field, line.string)], to: &current.metadata)
                return
            }
        }
        if Chrome.isChrome(simple) { return }
        // 新华社记者郭敬丹、沈汝发 near the top: who reported it, for which outlet; not text.
        if current.lines.filter({ !$0.isEmpty }).count <= 4, let credit = ReporterLine.parse(simple, written: line) {
            if current.metadata.author == nil { current.metadata.author = credit.author }
            if current.metadata.source == nil, let outlet = credit.source { current.metadata.source = outlet }
            return
        }
        if line.count <= 25, let stamp = DateStamp.parse(line.string), isOnlyStamp(line) {
            if current.metadata.published == nil { current.metadata.published = stamp }
            return
        }
        if current.closedByCredit {
            startArticle(titled: nil)
        }
        // the title again, as the text's first line
        if !current.hasBody, let title = current.title, squashed(title) == squashed(line.string) { return }
        if current.titleOpen, !current.hasBody, let title = current.title, TitleLines.continues(title, with: line) {
            current.title = title + line.string
            current.titleOpen = line.count >= 12
            return
        }
        current.titleOpen = false
        if current.title == nil && !current.hasBody && isTitleLike(line) {
            let (title, stamp) = TitleLines.splitTrailingDate(line)
            current.title = title
            if current.metadata.published == nil { current.metadata.published = stamp }
            current.titleOpen = stamp == nil && TitleLines.mayContinue(line)
            return
        }
        if !current.hasBody && current.metadata.author == nil {
            current.metadata.author = Byline.author(simple, written: line)
        }
        if !current.hasBody && current.metadata.source == nil {
            current.metadata.source = Dateline.source(simple, written: line)
        }
        var text = line
        if let (cut, source) = CreditLine.trailing(simple, written: line) {
            // …落实落地。（据西宁市民政局）: the credit ends the article's last paragraph
            text = Array(line[0..<cut]).trimmed()
            if current.metadata.source == nil { current.metadata.source = source }
            current.closedByCredit = true
        }
        current.lines.append(text)
        current.hasBody = true
    }

    /// A 来源/发布时间 line follows a page's title: when only a few short lines came before it
    /// (a site's welcome line, menus), they were header, and the last of them is the title.
    private mutating func takeHeaderAsTitle() {
        guard current.hasBody, current.lines.count <= 24 else { return }
        // a real title already read is kept; a short one was a menu item
        if let t = current.title, !current.titleFromFileName, t.unicodeScalars.count >= 8 { return }
        let texts = current.lines.filter { !$0.isEmpty }
        guard texts.count <= 6, texts.allSatisfy({ $0.count <= 64 }), let last = texts.last, isTitleLike(last) else {
            return
        }
        current.title = TitleLines.splitTrailingDate(last).0
        current.titleFromFileName = false
        current.lines = []
        current.hasBody = false
    }

    private mutating func startArticle(titled title: String?) {
        if current.hasBody || current.closedByCredit {
            finish()
            current = Draft()
        } else if let t = title, let old = current.title, !current.titleFromFileName, squashed(old) != squashed(t) {
            // two headings in a row: the first had no text, so it was a section of nothing
            finish()
            current = Draft()
        }
        if let t = title {
            current.title = t
            current.titleFromFileName = false
        }
    }

    private mutating func finish() {
        guard current.hasBody || current.title != nil else { return }
        var a = CleanArticle()
        a.title = current.title
        a.metadata = current.metadata
        a.metadata.source = a.metadata.source ?? a.metadata.publisher
        a.metadata.published = a.metadata.published ?? a.metadata.written
        a.paragraphs = Paragraphs.join(current.lines, wrapThreshold: wrapThreshold)
        if a.paragraphs.isEmpty && !articles.isEmpty { return }
        articles.append(a)
    }

    /// The text and level of a Markdown heading (`## 标题` → (标题, 2)).
    private func markdownHeading(_ line: Scalars) -> (Scalars, Int)? {
        var i = 0
        while i < line.count && i < 6 && line[i] == "#" { i += 1 }
        guard i > 0, i < line.count, line[i] != "#" else { return nil }
        let rest = Array(line[i...]).trimmed()
        return rest.isEmpty ? nil : (rest, i)
    }

    private func isTitleLike(_ line: Scalars) -> Bool {
        guard line.count <= 80, let last = line.last else { return false }
        if last.isSentenceEnd || last == "：" || last == ":" || last == "，" || last == "," { return false }
        if SectionMarker.length(line) != nil { return false }
        let commas = line.filter { $0 == "，" || $0 == "。" }.count
        return commas == 0 || (commas == 1 && line.count <= 40)
    }

    private func isOnlyStamp(_ line: Scalars) -> Bool {
        line.allSatisfy { $0.isDigitLike || $0.isSpaceLike || "-/.:：年月日".unicodeScalars.contains($0) }
    }

    /// `标题_民政部网站` → `标题`.
    private static func cleanPageTitle(_ t: String) -> String? {
        let cut =
            t.components(separatedBy: " - ").first.flatMap {
                $0.split(whereSeparator: { $0 == "_" || $0 == "|" || $0 == "－" }).first.map(String.init)
            } ?? t
        let trimmed = scalarArray(cut).trimmed().string
        return trimmed.isEmpty ? nil : trimmed
    }
}
