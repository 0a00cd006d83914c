import Foundation
import Hummingbird
import TaizhangApp
import TaizhangDomain
import TaizhangStorage

/// The ledger: list, create, read, edit, and every transition of a problem.
struct ProblemsController {
    let cases: ProblemCases

    struct CreateRequest: Decodable, KnownFields {
        static let fields: Set<String> = [
            "campaignId", "title", "description", "sourceChannel", "sourceRef", "category", "leadUnitId",
            "supportingUnitIds", "responsibleLeader", "responsiblePerson", "foundOn", "deadline", "rectificationType",
        ]
        let campaignId: Int64
        let title: String
        let description: String?
        let sourceChannel: SourceChannel
        let sourceRef: String?
        let category: String?
        let leadUnitId: Int64
        let supportingUnitIds: [Int64]?
        let responsibleLeader: String?
        let responsiblePerson: String?
        let foundOn: LocalDate
        let deadline: LocalDate?
        let rectificationType: RectificationType
    }

    struct UpdateRequest: Decodable, KnownFields {
        static let fields: Set<String> = [
            "version", "title", "description", "sourceChannel", "sourceRef", "category", "responsibleLeader",
            "responsiblePerson", "foundOn", "rectificationType", "supportingUnitIds", "deadline",
        ]
        static let readOnly: [String: (zh: String, en: String)] = [
            "state": ("状态只能通过认领、申请销号等操作改变", "the state changes only through its actions (claim, request-closure, …)"),
            "leadUnitId": ("牵头单位在新增时确定，不能修改", "the lead unit is set when the problem is created"),
            "campaignId": ("所属主题教育不能修改", "the campaign cannot change"),
            "number": ("问题编号由系统生成", "the number is given by the system"),
            "id": ("编号由系统生成", "the id is given by the system"),
            "closedOn": ("销号日期由审核销号时确定", "the closing date is set when closure is verified"),
        ]
        let version: Int
        let title: String?
        let description: String?
        let sourceChannel: SourceChannel?
        let sourceRef: String?
        let category: String?
        let responsibleLeader: String?
        let responsiblePerson: String?
        let foundOn: LocalDate?
        let rectificationType: RectificationType?
        let supportingUnitIds: [Int64]?
        /// Present only to refuse it with a pointer to the proper route.
        let deadline: LocalDate?
    }

    struct TransitionRequest: Decodable, KnownFields {
        static let fields: Set<String> = ["version", "reason", "into"]
        let version: Int
        let reason: String?
        let into: Int64?
    }

    /// GET /problems — filtered, sorted, keyset-paged list within the caller's scope.
    func list(_ request: Request, context: AppContext) async throws -> Response {
        let actor = try context.requirePrincipal()
        let filter = try ProblemFilter(query: request)
        let page = try await cases.list(filter, as: actor)
        let today = cases.today
        return try JSONIO.response(
            ProblemPageDTO(
                items: page.items.map {
                    ProblemDTO($0, today: today, withSupporting: false, snippet: page.snippets[$0.id])
                },
                nextCursor: page.nextCursor))
    }

    /// POST /problems — a new draft problem on the ledger.
    func create(_ request: Request, context: AppContext) async throws -> Response {
        let actor = try context.requirePrincipal()
        let body = try await JSONIO.decode(CreateRequest.self, from: request, context: context)
        let draft = ProblemDraft(
            campaignID: body.campaignId, title: body.title, description: body.description ?? "",
            sourceChannel: body.sourceChannel, sourceRef: body.sourceRef ?? "", category: body.category ?? "",
            leadUnitID: body.leadUnitId, supportingUnitIDs: body.supportingUnitIds ?? [],
            responsibleLeader: body.responsibleLeader ?? "", responsiblePerson: body.responsiblePerson ?? "",
            foundOn: body.foundOn, deadline: body.deadline, rectificationType: body.rectificationType)
        let problem = try await cases.record(draft, by: actor)
        return try JSONIO.response(ProblemDTO(problem, today: cases.today), status: .created)
    }

    /// GET /problems/{id} — one problem with measures, notes, evidence, deadline changes and history.
    func show(_ request: Request, context: AppContext) async throws -> Response {
        let actor = try context.requirePrincipal()
        let detail = try await cases.open(try context.id(), as: actor)
        return try JSONIO.response(ProblemDetailDTO(detail, today: cases.today))
    }

    /// PATCH /problems/{id} — edits descriptive fields; a stale version is refused with 409.
    func update(_ request: Request, context: AppContext) async throws -> Response {
        let actor = try context.requirePrincipal()
        let id = try context.id()
        let body = try await JSONIO.decode(UpdateRequest.self, from: request, context: context)
        var patch = ProblemPatch()
        patch.triesDeadline = body.deadline != nil
        patch.title = body.title
        patch.description = body.description
        patch.sourceChannel = body.sourceChannel
        patch.sourceRef = body.sourceRef
        patch.category = body.category
        patch.responsibleLeader = body.responsibleLeader
        patch.responsiblePerson = body.responsiblePerson
        patch.foundOn = body.foundOn
        patch.rectificationType = body.rectificationType
        patch.supportingUnitIDs = body.supportingUnitIds
        let problem = try await cases.edit(id, version: body.version, patch: patch, by: actor)
        return try JSONIO.response(ProblemDTO(problem, today: cases.today))
    }

    /// POST /problems/{id}/{action} — one step of the state machine.
    func transition(_ action: ProblemAction) -> @Sendable (Request, AppContext) async throws -> Response {
        { [cases] request, context in
            let actor = try context.requirePrincipal()
            let id = try context.id()
            let body = try await JSONIO.decode(TransitionRequest.self, from: request, context: context)
            let problem = try await cases.act(
                action, on: id, version: body.version, reason: body.reason, mergeInto: body.into, by: actor)
            return try JSONIO.response(ProblemDTO(problem, today: cases.today))
        }
    }
}
