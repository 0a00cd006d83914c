import Foundation
import Hummingbird
import NIOCore
import TaizhangApp
import TaizhangDomain

/// Reports units send in: submitted, looked through, opened, and turned into draft problems.
struct ReportsController {
    let intake: ReportIntake
    let problems: ProblemCases

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

        var request: ReportDraftRequest {
            .init(
                items: items.map { .init(article: $0.article, problem: $0.problem, title: $0.title) },
                campaignID: campaignId, leadUnitID: leadUnitId, deadline: deadline, category: category,
                sourceChannel: sourceChannel)
        }
    }

    /// POST /reports?unit=&campaign=&name= — the body is the file (or pasted text); it is read and stored.
    func submit(_ request: Request, context: AppContext) async throws -> Response {
        let actor = try context.requirePrincipal()
        guard let unitID = try request.queryInt("unit") else { throw DomainError.required("unit") }
        let campaignID = try request.queryInt("campaign")
        let name = try FileName.checked(try request.query("name") ?? "pasted.txt")
        var request = request
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: EvidencePolicy.maxBytes)
        } catch {
            throw DomainError(
                .tooLarge, code: "file_too_large", field: "file", zh: "简报文件超过 20 MB",
                en: "the report is larger than 20 MB")
        }
        let view = try await intake.submit(
            Array(buffer: buffer), fileName: name, unitID: unitID, campaignID: campaignID, by: actor)
        return try JSONIO.response(view, status: .created)
    }

    /// GET /reports?unit=&q=&limit= — reports in scope, newest first, searchable.
    func list(_ request: Request, context: AppContext) async throws -> Response {
        let actor = try context.requirePrincipal()
        let reports = try await intake.list(
            unitID: try request.queryInt("unit"), text: try request.query("q"),
            limit: try request.queryLimit(default: 25), as: actor)
        return try JSONIO.response(ItemsDTO(items: reports.map(ReportSummaryDTO.init)))
    }

    /// GET /reports/{id} — the report with its findings, duplicate suggestions and tallies beside the ledger.
    func show(_ request: Request, context: AppContext) async throws -> Response {
        let actor = try context.requirePrincipal()
        return try JSONIO.response(try await intake.open(try context.id(), as: actor))
    }

    /// POST /reports/{id}/drafts — turns chosen found problems into draft ledger entries, measures attached.
    func draft(_ request: Request, context: AppContext) async throws -> Response {
        let actor = try context.requirePrincipal()
        let id = try context.id()
        let body = try await JSONIO.decode(DraftRequest.self, from: request, context: context)
        let made = try await intake.draftProblems(from: id, body.request, by: actor)
        let today = problems.today
        return try JSONIO.response(ItemsDTO(items: made.map { ProblemDTO($0, today: today) }), status: .created)
    }
}
