import Foundation
import TaizhangDomain
import TaizhangReports
import TaizhangStorage

/// What the reader found in one article, as stored beside its clean body.
struct ArticleFindings: Codable {
    var tags: [String]
    var problems: [ProblemFinding]
    var quantities: [Quantity]
    var deadlines: [Deadline]
    var dates: [String]
    var organizations: [String]
    var tallies: [StatusTally]

    init(_ a: Article) {
        tags = a.tags
        problems = a.problems
        quantities = a.quantities
        deadlines = a.deadlines
        dates = a.dates
        organizations = a.organizations
        tallies = a.tallies
    }
}

/// A ledger problem a found problem may restate, with how alike they are.
struct DuplicateDTO: Encodable {
    let id: Int64
    let number: String
    let title: String
    let similarity: Double
}

struct FoundProblemDTO: Encodable {
    let index: Int
    let problem: String
    let measures: [String]
    /// "looks like 问题 2019-0134": likely duplicates among existing problems, best first.
    let duplicates: [DuplicateDTO]
}

/// The ledger's own counts for the report's unit and campaign, beside what a tally says.
struct LedgerTallyDTO: Encodable {
    let closed: Int
    let open: Int
    let ongoing: Int
    let total: Int
}

struct TallyDTO: Encodable {
    let text: String
    let total: Int?
    let counts: [String: Int]
    let completionRate: Double?
    let ledger: LedgerTallyDTO
    /// True when a figure the report states differs from the ledger.
    let mismatch: Bool
}

struct ArticleDTO: Encodable {
    let seq: Int
    let title: String?
    let source: String?
    let published: String?
    let author: String?
    let tags: [String]
    let body: String
    let problems: [FoundProblemDTO]
    let quantities: [Quantity]
    let deadlines: [Deadline]
    let dates: [String]
    let organizations: [String]
    let tallies: [TallyDTO]
}

struct ReportDTO: Encodable {
    let id: Int64
    let unitId: Int64
    let campaignId: Int64?
    let fileName: String
    let size: Int64
    let sha256: String
    let uploadedBy: Int64
    let createdAt: String
    let articles: [ArticleDTO]
    let drafted: [DraftedDTO]

    struct DraftedDTO: Encodable {
        let id: Int64
        let number: String
        let title: String
    }
}

struct ReportSummaryDTO: Encodable {
    let id: Int64
    let unitId: Int64
    let campaignId: Int64?
    let fileName: String
    let createdAt: String
    let titles: [String]

    init(_ r: StoredReport) {
        id = r.id
        unitId = r.unitID
        campaignId = r.campaignID
        fileName = r.fileName
        createdAt = Timestamp.format(r.createdAt)
        titles = r.articles.compactMap(\.title)
    }
}
