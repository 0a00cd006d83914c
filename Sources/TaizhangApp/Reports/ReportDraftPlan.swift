import Foundation
import TaizhangDomain
import TaizhangIntake
import TaizhangStorage

/// What an office asks for when it turns found problems of a report into draft ledger entries.
public struct ReportDraftRequest: Sendable {
    public struct Item: Sendable {
        public var article: Int
        public var problem: Int
        public var title: String?

        public init(article: Int, problem: Int, title: String? = nil) {
            self.article = article
            self.problem = problem
            self.title = title
        }
    }

    public var items: [Item]
    public var campaignID: Int64?
    public var leadUnitID: Int64?
    public var deadline: LocalDate?
    public var category: String?
    public var sourceChannel: SourceChannel?

    public init(
        items: [Item], campaignID: Int64? = nil, leadUnitID: Int64? = nil, deadline: LocalDate? = nil,
        category: String? = nil, sourceChannel: SourceChannel? = nil
    ) {
        self.items = items
        self.campaignID = campaignID
        self.leadUnitID = leadUnitID
        self.deadline = deadline
        self.category = category
        self.sourceChannel = sourceChannel
    }
}

/// Decides the drafts a request makes from a stored report, with no I/O: which article and found
/// problem each item names, the title, the description citing the report, the source reference
/// back to it, and the found date (the article's date, never after today).
public enum ReportDraftPlan {
    public static func drafts(
        for request: ReportDraftRequest, from report: StoredReport, today: LocalDate
    ) throws -> [(draft: ProblemDraft, measures: [String])] {
        // The fields that apply to every item are checked first, and named as themselves.
        try Limits.text(request.category ?? "", field: "category", max: Limits.shortText)
        guard !request.items.isEmpty else { throw DomainError.required("items") }
        guard let campaignID = request.campaignID ?? report.campaignID else {
            throw DomainError.required("campaignId")
        }
        return try request.items.enumerated().map { index, item in
            guard report.articles.indices.contains(item.article) else {
                throw DomainError.invalid(
                    "items[\(index)].article", zh: "简报中没有第 \(item.article) 篇文章",
                    en: "no article \(item.article) in this report")
            }
            if let title = item.title {
                try Limits.text(title, field: "items[\(index)].title", max: Limits.titleLength)
            }
            let article = report.articles[item.article]
            let findings = try ArticleFindings.decode(article.findings)
            guard findings.problems.indices.contains(item.problem) else {
                throw DomainError.invalid(
                    "items[\(index)].problem", zh: "该文章中没有第 \(item.problem) 个问题",
                    en: "no found problem \(item.problem) in that article")
            }
            let found = findings.problems[item.problem]
            let published = article.published.flatMap { LocalDate(String($0.prefix(10))) }
            let draft = ProblemDraft(
                campaignID: campaignID, title: item.title ?? String(found.problem.prefix(Limits.titleLength)),
                description: found.problem + "（摘自简报《\(article.title ?? report.fileName)》）",
                sourceChannel: request.sourceChannel ?? .report,
                sourceRef: "简报\(report.id)第\(item.article + 1)篇第\(item.problem + 1)条",
                category: request.category ?? "", leadUnitID: request.leadUnitID ?? report.unitID,
                foundOn: min(published ?? today, today), deadline: request.deadline,
                rectificationType: request.deadline == nil ? .immediate : .timeBound)
            return (draft, found.measures)
        }
    }
}

extension ArticleFindings {
    /// The stored JSON back as findings.
    public static func decode(_ json: String) throws -> ArticleFindings {
        try JSONDecoder().decode(ArticleFindings.self, from: Data(json.utf8))
    }

    /// The findings as stored: JSON with sorted keys, so the same findings store the same bytes.
    public func encoded() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
}
