import Foundation
import TaizhangDomain
import TaizhangIntake
import TaizhangStorage

/// A report as an office reads it: each article's findings with duplicate suggestions, the tallies
/// it states beside the ledger's own counts, and the problems already drafted from it (in scope).
/// Encoded as is by the API; the pages render the same value.
public struct ReportView: Sendable, Encodable {
    public let id: Int64
    public let unitId: Int64
    public let campaignId: Int64?
    public let fileName: String
    public let size: Int64
    public let sha256: String
    public let uploadedBy: Int64
    public let createdAt: String
    public let articles: [Article]
    public let drafted: [Drafted]

    public struct Article: Sendable, Encodable {
        public let seq: Int
        public let title: String?
        public let source: String?
        public let published: String?
        public let author: String?
        public let tags: [String]
        public let body: String
        public let problems: [FoundProblem]
        public let quantities: [Quantity]
        public let deadlines: [Deadline]
        public let dates: [String]
        public let organizations: [String]
        public let tallies: [Tally]
    }

    public struct FoundProblem: Sendable, Encodable {
        public let index: Int
        public let problem: String
        public let measures: [String]
        /// "looks like 问题 2019-0134": likely duplicates among existing problems, best first.
        public let duplicates: [Duplicate]
    }

    /// A ledger problem a found problem may restate, with how alike they are.
    public struct Duplicate: Sendable, Encodable {
        public let id: Int64
        public let number: String
        public let title: String
        public let similarity: Double
    }

    public struct Tally: Sendable, Encodable {
        public let text: String
        public let total: Int?
        public let counts: [String: Int]
        public let completionRate: Double?
        public let ledger: LedgerTally
        /// True when a figure the report states differs from the ledger.
        public let mismatch: Bool
    }

    public struct Drafted: Sendable, Encodable {
        public let id: Int64
        public let number: String
        public let title: String
    }
}

extension ReportView {
    /// Builds the view from the stored report and what the ledger holds (no I/O here).
    init(
        _ report: StoredReport, candidates: [DuplicateCandidate], ledger: LedgerTally, drafted: [DuplicateCandidate]
    ) throws {
        let byID = Dictionary(uniqueKeysWithValues: candidates.map { (String($0.id), $0) })
        let matcher = ProblemMatcher(existing: candidates.map { .init(id: String($0.id), text: $0.title) })
        id = report.id
        unitId = report.unitID
        campaignId = report.campaignID
        fileName = report.fileName
        size = report.rawSize
        sha256 = report.rawSHA256
        uploadedBy = report.uploadedBy
        createdAt = Timestamp.format(report.createdAt)
        self.drafted = drafted.map { .init(id: $0.id, number: $0.number, title: $0.title) }
        articles = try report.articles.map { article in
            let f = try ArticleFindings.decode(article.findings)
            let problems = f.problems.enumerated().map { index, found in
                let matches = matcher.duplicates(of: found.problem, limit: 5).compactMap { m in
                    byID[m.id].map {
                        Duplicate(
                            id: $0.id, number: $0.number, title: $0.title, similarity: (m.score * 100).rounded() / 100)
                    }
                }
                return FoundProblem(index: index, problem: found.problem, measures: found.measures, duplicates: matches)
            }
            let tallies = f.tallies.map { t in
                Tally(
                    text: t.text, total: t.total,
                    counts: Dictionary(uniqueKeysWithValues: t.counts.map { ($0.key.rawValue, $0.value) }),
                    completionRate: t.completionRate, ledger: ledger, mismatch: ledger.disagrees(with: t))
            }
            return Article(
                seq: article.seq, title: article.title, source: article.source, published: article.published,
                author: article.author, tags: f.tags, body: article.body, problems: problems,
                quantities: f.quantities, deadlines: f.deadlines, dates: f.dates, organizations: f.organizations,
                tallies: tallies)
        }
    }
}
