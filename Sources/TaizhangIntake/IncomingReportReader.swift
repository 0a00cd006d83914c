import Foundation

/// Reads report files and texts into articles with their findings. Pure: bytes or text in, findings out.
public struct IncomingReportReader: Sendable {
    public init() {}

    /// Reads a file's bytes: UTF-8, UTF-16, GBK, HTML or a .docx package.
    public func read(data: Data, fileName: String? = nil) throws(IncomingReportReadError) -> IncomingReport {
        let text: String
        if data.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
            text = try DocxText.extract(from: data)
        } else {
            text = try TextDecoding.decode(data)
        }
        return read(text: text, fileName: fileName)
    }

    /// Reads a text as pasted or decoded.
    public func read(text: String, fileName: String? = nil) -> IncomingReport {
        var articles = Self.cleanArticles(text).map(Self.article)
        // A publication date is a date of the article even when only the page's chrome states it:
        // listed as the page writes it.
        for k in articles.indices {
            guard let published = articles[k].published,
                let written = PublicationDate.written(published, in: text),
                !articles[k].dates.contains(where: { squashed($0) == squashed(written) })
            else { continue }
            articles[k].dates.insert(written, at: 0)
        }
        return IncomingReport(file: fileName, articles: articles)
    }

    /// Cleans a text into articles without running the finders.
    public func clean(text: String) -> [Article] {
        Self.cleanArticles(text).map {
            Article(
                title: $0.title, source: $0.metadata.source, published: $0.metadata.published,
                author: $0.metadata.author, tags: $0.metadata.tags, body: $0.body)
        }
    }

    private static func cleanArticles(_ text: String) -> [CleanArticle] {
        var scalars = scalarArray(text)
        var stripper = HTMLStripper()
        if HTMLStripper.looksLikeHTML(scalars) { scalars = stripper.strip(scalars) }
        scalars = PinyinGlosses.strip(scalars)
        return ArticleSplitter.split(scalars, pageTitle: stripper.pageTitle, heading: stripper.heading)
    }

    /// Runs every finder on a clean body.
    public static func findings(in body: String) -> Article {
        let t = FindingText(body)
        let dates = DateFinder.find(in: t)
        return Article(
            body: body, problems: ProblemFinder.find(in: t), quantities: QuantityFinder.find(in: t),
            deadlines: dates.deadlines, dates: dates.dates, organizations: OrganizationFinder.find(in: t),
            tallies: TallyFinder.find(in: t))
    }

    private static func article(_ c: CleanArticle) -> Article {
        var a = findings(in: c.body)
        a.title = c.title
        a.source = c.metadata.source
        a.published = c.metadata.published
        a.author = c.metadata.author
        a.tags = c.metadata.tags
        return a
    }
}
