import Foundation
import SQLKit
import TaizhangDomain

/// A report as stored: who sent it for which unit, its raw bytes' hash, and its clean articles.
public struct StoredReport: Sendable {
    public var id: Int64
    public var unitID: Int64
    public var unitPath: UnitPath
    public var campaignID: Int64?
    public var fileName: String
    public var rawSHA256: String
    public var rawSize: Int64
    public var uploadedBy: Int64
    public var createdAt: Date
    public var articles: [StoredArticle]

    public init(
        id: Int64, unitID: Int64, unitPath: UnitPath, campaignID: Int64?, fileName: String, rawSHA256: String,
        rawSize: Int64, uploadedBy: Int64, createdAt: Date, articles: [StoredArticle]
    ) {
        self.id = id
        self.unitID = unitID
        self.unitPath = unitPath
        self.campaignID = campaignID
        self.fileName = fileName
        self.rawSHA256 = rawSHA256
        self.rawSize = rawSize
        self.uploadedBy = uploadedBy
        self.createdAt = createdAt
        self.articles = articles
    }
}

/// One clean article of a report, with the reader's findings as JSON (their shape is the reader's).
public struct StoredArticle: Sendable {
    public var seq: Int
    public var title: String?
    public var source: String?
    public var published: String?
    public var author: String?
    public var body: String
    public var findings: String

    public init(
        seq: Int, title: String?, source: String?, published: String?, author: String?, body: String, findings: String
    ) {
        self.seq = seq
        self.title = title
        self.source = source
        self.published = published
        self.author = author
        self.body = body
        self.findings = findings
    }
}

/// A ledger problem a found problem may restate.
public struct DuplicateCandidate: Sendable {
    public var id: Int64
    public var number: String
    public var title: String

    public init(id: Int64, number: String, title: String) {
        self.id = id
        self.number = number
        self.title = title
    }
}

/// Reports kept raw and clean, searchable within the caller's scope.
public struct ReportRepository: Sendable {
    let store: any SQLStore
    let clock: any Clock

    public init(store: any SQLStore, clock: any Clock) {
        self.store = store
        self.clock = clock
    }

    public static let submitRoles: Set<Role> = [.office, .liaison, .unitLeader, .supervision]
    /// Duplicate suggestions look at this many of the most recent problems under the report's unit.
    public static let candidateLimit = 20_000

    /// Stores the raw bytes by hash and the clean articles, for a unit in the actor's scope.
    public func add(
        unitID: Int64, campaignID: Int64?, fileName: String, raw: [UInt8], articles: [StoredArticle],
        blobs: BlobStore, by actor: Principal
    ) async throws -> StoredReport {
        try Limits.text(fileName, field: "name", max: 255, required: true)
        let now = clock.now()
        let dialect = store.dialect
        return try await store.write { db in
            guard let unit = try await UnitRepository.find(db, id: unitID), actor.sees(unit.path) else {
                throw DomainError.invalid("unit", zh: "单位不存在或不在您的范围内", en: "no such unit in your scope")
            }
            try Policy.require(Self.submitRoles, of: actor, at: unit.path, entity: .unit, doing: "报送简报")
            if let campaignID, try await CampaignRepository.find(db, id: campaignID) == nil {
                throw DomainError.invalid("campaign", zh: "主题教育不存在", en: "no such campaign")
            }
            let sha = try blobs.store(raw)
            let id = try await db.raw(
                """
                INSERT INTO reports (unit_id, unit_path, campaign_id, file_name, raw_sha256, raw_size, uploaded_by, created_at)
                VALUES (\(bind: unit.id), \(bind: unit.path.value), \(bind: campaignID), \(bind: fileName), \(bind: sha),
                        \(bind: Int64(raw.count)), \(bind: actor.userID), \(bind: Timestamp.format(now)))
                RETURNING id
                """
            ).one("INSERT INTO reports").int64("id")
            for a in articles {
                try await db.raw(
                    """
                    INSERT INTO report_articles (report_id, seq, title, source, published, author, body, findings)
                    VALUES (\(bind: id), \(bind: a.seq), \(bind: a.title), \(bind: a.source), \(bind: a.published),
                            \(bind: a.author), \(bind: a.body), \(bind: a.findings))
                    """
                ).run()
            }
            try await AuditLog.record(
                db, actor: actor.userID, entity: .report, entityID: id, problemID: nil, action: .create,
                new: [
                    "fileName": fileName, "unitId": String(unit.id), "articles": String(articles.count), "sha256": sha,
                ],
                at: now)
            try await SearchIndex.refreshReport(db, dialect: dialect, id: id)
            return StoredReport(
                id: id, unitID: unit.id, unitPath: unit.path, campaignID: campaignID, fileName: fileName,
                rawSHA256: sha,
                rawSize: Int64(raw.count), uploadedBy: actor.userID, createdAt: now, articles: articles)
        }
    }

    static let columns = "id, unit_id, unit_path, campaign_id, file_name, raw_sha256, raw_size, uploaded_by, created_at"

    static func report(from row: any SQLRow) throws -> StoredReport {
        StoredReport(
            id: try row.int64("id"), unitID: try row.int64("unit_id"), unitPath: UnitPath(try row.string("unit_path")),
            campaignID: try row.optionalInt64("campaign_id"), fileName: try row.string("file_name"),
            rawSHA256: try row.string("raw_sha256"), rawSize: try row.int64("raw_size"),
            uploadedBy: try row.int64("uploaded_by"), createdAt: try row.date("created_at"), articles: [])
    }

    static func articles(_ db: any SQLDatabase, reportID: Int64) async throws -> [StoredArticle] {
        try await db.raw(
            """
            SELECT seq, title, source, published, author, body, findings FROM report_articles
            WHERE report_id = \(bind: reportID) ORDER BY seq
            """
        ).all().map { row in
            StoredArticle(
                seq: try row.int("seq"), title: try row.optionalString("title"),
                source: try row.optionalString("source"),
                published: try row.optionalString("published"), author: try row.optionalString("author"),
                body: try row.string("body"), findings: try row.string("findings"))
        }
    }

    /// One report with its articles, if the actor may see its unit.
    public func report(_ id: Int64, for actor: Principal) async throws -> StoredReport {
        try await store.read { db in
            guard
                var report = try await db.raw("SELECT \(unsafeRaw: Self.columns) FROM reports WHERE id = \(bind: id)")
                    .first().map(Self.report(from:)), actor.sees(report.unitPath)
            else { throw DomainError.notFound(.report) }
            report.articles = try await Self.articles(db, reportID: id)
            return report
        }
    }

    /// Reports under `unitID` (or the actor's scope), newest first; with `text`, those that hold
    /// every term, title hits first.
    public func list(unitID: Int64?, text: String?, limit: Int, for actor: Principal) async throws -> [StoredReport] {
        let search = try SearchQuery.parse(text)
        let dialect = store.dialect
        return try await store.read { db in
            var roots: [UnitPath]
            if let unitID {
                guard let unit = try await UnitRepository.find(db, id: unitID), actor.sees(unit.path) else {
                    throw DomainError.notFound(.unit)
                }
                roots = [unit.path]
            } else {
                roots = actor.scopeRoots
            }
            if roots.isEmpty { return [] }
            let scope: SQLQueryString = "(" + roots.map(ProblemRepository.subtree).joined(separator: " OR ") + ")"
            var query: SQLQueryString = "SELECT \(unsafeRaw: Self.columns) FROM reports WHERE " + scope
            var order: SQLQueryString = "id DESC"
            if let search {
                query = query + " AND id IN (" + SearchIndex.matching(search, table: .reports, dialect: dialect) + ")"
                // Reports whose titles hold every term first, then the newest.
                order =
                    "CASE WHEN id IN (" + SearchIndex.matchingTitle(search, table: .reports, dialect: dialect)
                    + ") THEN 0 ELSE 1 END, id DESC"
            }
            query = query + " ORDER BY " + order + " LIMIT \(literal: max(1, min(limit, 200)))"
            var reports = try await db.raw(query).all().map(Self.report(from:))
            for i in reports.indices { reports[i].articles = try await Self.articles(db, reportID: reports[i].id) }
            return reports
        }
    }

    /// Problems under the report's unit (and campaign) that a finding could restate, most recent first.
    public func duplicateCandidates(under path: UnitPath, campaignID: Int64?) async throws -> [DuplicateCandidate] {
        try await store.read { db in
            var query: SQLQueryString =
                "SELECT id, number, title FROM problems WHERE " + ProblemRepository.subtree(path)
                + " AND state NOT IN ('merged', 'dismissed')"
            if let campaignID { query = query + " AND campaign_id = \(bind: campaignID)" }
            query = query + " ORDER BY id DESC LIMIT \(literal: Self.candidateLimit)"
            return try await db.raw(query).all().map {
                DuplicateCandidate(
                    id: try $0.int64("id"), number: try $0.string("number"), title: try $0.string("title"))
            }
        }
    }

    /// Problems already drafted from this report that the actor may see: a report of one county
    /// can be drafted into another's ledger, which the first county must not learn about.
    public func draftedProblems(reportID: Int64, for actor: Principal) async throws -> [DuplicateCandidate] {
        try await store.read { db in
            try await db.raw(
                "SELECT id, number, title, unit_path FROM problems WHERE report_id = \(bind: reportID) ORDER BY id"
            ).all()
                .filter { actor.sees(UnitPath(try $0.string("unit_path"))) }
                .map {
                    DuplicateCandidate(
                        id: try $0.int64("id"), number: try $0.string("number"), title: try $0.string("title"))
                }
        }
    }
}

extension ProblemRepository {
    /// Drafts several problems from one report in one transaction, each with its measures and a link to the report.
    public func draftFromReport(
        _ reportID: Int64, items: [(draft: ProblemDraft, measures: [String])], by actor: Principal
    ) async throws -> [Problem] {
        for (index, item) in items.enumerated() {
            do { try item.draft.validate() } catch {
                throw DomainError(
                    error.kind, code: error.code, field: "items[\(index)].\(error.field ?? "")", zh: error.zh,
                    en: error.en)
            }
        }
        let now = clock.now()
        let dialect = store.dialect
        return try await store.write { db in
            var made: [Problem] = []
            for item in items {
                let problem = try await Self.insert(db, item.draft, reportID: reportID, by: actor, now: now)
                for text in item.measures {
                    try Measure.validate(text: text, owner: "")
                    let measureID = try await db.raw(
                        """
                        INSERT INTO measures (problem_id, text, owner, deadline, done_on, version, created_at)
                        VALUES (\(bind: problem.id), \(bind: text), '', NULL, NULL, 1, \(bind: Timestamp.format(now)))
                        RETURNING id
                        """
                    ).one("INSERT INTO measures").int64("id")
                    try await AuditLog.record(
                        db, actor: actor.userID, entity: .measure, entityID: measureID, problemID: problem.id,
                        action: .create, new: ["text": text, "reportId": String(reportID)], at: now)
                }
                try await SearchIndex.refreshProblem(db, dialect: dialect, id: problem.id)
                made.append(problem)
            }
            return made
        }
    }
}
