import Foundation
import Hummingbird
import NIOCore
import NIOPosix
import TaizhangApp
import TaizhangDomain
import TaizhangReports
import TaizhangStorage

/// Reports units send in: read, stored raw and clean, searched, and turned into draft problems.
struct ReportsController {
    let services: Services

    struct DraftRequest: Decodable, KnownFields {
        static let fields: Set<String> = ["items", "campaignId", "leadUnitId", "deadline", "category", "sourceChannel"]
        struct Item: Decodable {
            let article: Int
            let problem: Int
            let title: String?
        }
        let items: [Item]
        let campaignId: Int64?
        let leadUnitId: Int64?
        let deadline: LocalDate?
        let category: String?
        let sourceChannel: SourceChannel?
    }

    /// POST /reports?unit=&campaign=&name= — the body is the file (or pasted text); it is read and stored.
    func submit(_ request: Request, context: AppContext) async throws -> Response {
        let actor = try context.requirePrincipal()
        guard let unitID = try request.queryInt("unit") else { throw DomainError.required("unit") }
        let campaignID = try request.queryInt("campaign")
        let name = try FileName.checked(request.query("name") ?? "pasted.txt")
        var request = request
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: EvidencePolicy.maxBytes)
        } catch {
            throw DomainError(
                .tooLarge, code: "file_too_large", field: "file", zh: "简报文件超过 20 MB",
                en: "the report is larger than 20 MB")
        }
        let bytes = Array(buffer: buffer)
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) {
            throw DomainError.invalid("file", zh: "简报内容为空", en: "the report is empty", code: "empty_report")
        }
        // Reading is CPU work proportional to the file: keep it off the request threads.
        let report: Report = try await NIOThreadPool.singleton.runIfActive {
            do { return try ReportReader().read(data: Data(bytes), fileName: name) } catch let error as ReportReadError
            {
                throw DomainError(
                    .invalid, code: "unreadable_report", field: "file", zh: "无法读取简报：\(error.description)",
                    en: "the report cannot be read: \(error.description)")
            }
        }
        if report.articles.allSatisfy({ $0.body.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }) {
            throw DomainError.invalid(
                "file", zh: "简报中没有可读的正文", en: "the report has no readable text", code: "empty_report")
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let articles = try report.articles.enumerated().map { index, a in
            StoredArticle(
                seq: index, title: a.title, source: a.source, published: a.published, author: a.author, body: a.body,
                findings: String(decoding: try encoder.encode(ArticleFindings(a)), as: UTF8.self))
        }
        let stored = try await services.reports.add(
            unitID: unitID, campaignID: campaignID, fileName: name, raw: bytes, articles: articles,
            blobs: services.files,
            by: actor)
        return try JSONIO.response(try await detail(stored, for: actor), status: .created)
    }

    /// GET /reports?unit=&q=&limit= — reports in scope, newest first, searchable.
    func list(_ request: Request, context: AppContext) async throws -> Response {
        let actor = try context.requirePrincipal()
        let reports = try await services.reports.list(
            unitID: try request.queryInt("unit"), text: request.query("q"),
            limit: try request.queryLimit(default: 25), for: actor)
        return try JSONIO.response(ItemsDTO(items: reports.map(ReportSummaryDTO.init)))
    }

    /// GET /reports/{id} — the report with its findings, duplicate suggestions and tallies beside the ledger.
    func show(_ request: Request, context: AppContext) async throws -> Response {
        let actor = try context.requirePrincipal()
        let stored = try await services.reports.report(try context.id(), for: actor)
        return try JSONIO.response(try await detail(stored, for: actor))
    }

    /// POST /reports/{id}/drafts — turns chosen found problems into draft ledger entries, measures attached.
    func draft(_ request: Request, context: AppContext) async throws -> Response {
        let actor = try context.requirePrincipal()
        let stored = try await services.reports.report(try context.id(), for: actor)
        let body = try await JSONIO.decode(DraftRequest.self, from: request, context: context)
        // The fields that apply to every item are checked first, and named as themselves.
        try Limits.text(body.category ?? "", field: "category", max: Limits.shortText)
        guard !body.items.isEmpty else { throw DomainError.required("items") }
        guard let campaignID = body.campaignId ?? stored.campaignID else { throw DomainError.required("campaignId") }
        let today = services.clock.today()
        var items: [(draft: ProblemDraft, measures: [String])] = []
        for (index, item) in body.items.enumerated() {
            guard stored.articles.indices.contains(item.article) else {
                throw DomainError.invalid(
                    "items[\(index)].article", zh: "简报中没有第 \(item.article) 篇文章",
                    en: "no article \(item.article) in this report")
            }
            if let title = item.title {
                try Limits.text(title, field: "items[\(index)].title", max: Limits.titleLength)
            }
            let article = stored.articles[item.article]
            let findings = try JSONDecoder().decode(ArticleFindings.self, from: Data(article.findings.utf8))
            guard findings.problems.indices.contains(item.problem) else {
                throw DomainError.invalid(
                    "items[\(index)].problem", zh: "该文章中没有第 \(item.problem) 个问题",
                    en: "no found problem \(item.problem) in that article")
            }
            let found = findings.problems[item.problem]
            let published = article.published.flatMap { LocalDate(String($0.prefix(10))) }
            let draft = ProblemDraft(
                campaignID: campaignID, title: item.title ?? String(found.problem.prefix(Limits.titleLength)),
                description: found.problem + "（摘自简报《\(article.title ?? stored.fileName)》）",
                sourceChannel: body.sourceChannel ?? .report,
                sourceRef: "简报\(stored.id)第\(item.article + 1)篇第\(item.problem + 1)条", category: body.category ?? "",
                leadUnitID: body.leadUnitId ?? stored.unitID, foundOn: min(published ?? today, today),
                deadline: body.deadline, rectificationType: body.deadline == nil ? .immediate : .timeBound)
            items.append((draft, found.measures))
        }
        let made = try await services.problems.draftFromReport(stored.id, items: items, by: actor)
        return try JSONIO.response(ItemsDTO(items: made.map { ProblemDTO($0, today: today) }), status: .created)
    }

    /// Builds the report view: findings with duplicate suggestions, tallies beside the ledger's counts.
    func detail(_ report: StoredReport, for actor: Principal) async throws -> ReportDTO {
        let candidates = try await services.reports.duplicateCandidates(
            under: report.unitPath, campaignID: report.campaignID)
        let byID = Dictionary(uniqueKeysWithValues: candidates.map { (String($0.id), $0) })
        let matcher = ProblemMatcher(existing: candidates.map { .init(id: String($0.id), text: $0.title) })
        let counts = try await services.problems.counts(
            unitID: report.unitID, campaignID: report.campaignID, for: actor)
        let ledger = LedgerTallyDTO(
            closed: counts.byState[.closed, default: 0], open: counts.open,
            ongoing: counts.byState[.ongoing, default: 0],
            total: counts.live)
        let articles = try report.articles.map { article -> ArticleDTO in
            let f = try JSONDecoder().decode(ArticleFindings.self, from: Data(article.findings.utf8))
            let problems = f.problems.enumerated().map { index, found -> FoundProblemDTO in
                let matches = matcher.duplicates(of: found.problem, limit: 5).compactMap { m -> DuplicateDTO? in
                    byID[m.id].map {
                        DuplicateDTO(
                            id: $0.id, number: $0.number, title: $0.title, similarity: (m.score * 100).rounded() / 100)
                    }
                }
                return FoundProblemDTO(
                    index: index, problem: found.problem, measures: found.measures, duplicates: matches)
            }
            let tallies = f.tallies.map { t -> TallyDTO in
                let stated: [String: Int] = Dictionary(
                    uniqueKeysWithValues: t.counts.map { ($0.key.rawValue, $0.value) })
                let ledgerValue: [String: Int] = [
                    "closed": ledger.closed, "open": ledger.open, "ongoing": ledger.ongoing,
                ]
                let mismatch =
                    stated.contains { ledgerValue[$0.key] != $0.value } || (t.total.map { $0 != ledger.total } ?? false)
                return TallyDTO(
                    text: t.text, total: t.total, counts: stated, completionRate: t.completionRate, ledger: ledger,
                    mismatch: mismatch)
            }
            return ArticleDTO(
                seq: article.seq, title: article.title, source: article.source, published: article.published,
                author: article.author, tags: f.tags, body: article.body, problems: problems, quantities: f.quantities,
                deadlines: f.deadlines, dates: f.dates, organizations: f.organizations, tallies: tallies)
        }
        let drafted = try await services.reports.draftedProblems(reportID: report.id, for: actor)
        return ReportDTO(
            id: report.id, unitId: report.unitID, campaignId: report.campaignID, fileName: report.fileName,
            size: report.rawSize, sha256: report.rawSHA256, uploadedBy: report.uploadedBy,
            createdAt: Timestamp.format(report.createdAt), articles: articles,
            drafted: drafted.map { .init(id: $0.id, number: $0.number, title: $0.title) })
    }
}
