import Hummingbird
import TaizhangApp
import TaizhangDomain

/// Monthly rounds (月调度) and the units' returns in them.
struct RoundsController {
    let cases: RoundCases

    struct RoundRequest: Decodable, KnownFields {
        let campaignId: Int64
        let unitId: Int64
        let period: RoundPeriod
        let dueOn: LocalDate
        let title: String?
        let unitIds: [Int64]?
        static let fields: Set<String> = ["campaignId", "unitId", "period", "dueOn", "title", "unitIds"]
    }

    struct ReturnText: Decodable, KnownFields {
        let version: Int
        let summary: String?
        let nextSteps: String?
        static let fields: Set<String> = ["version", "summary", "nextSteps"]
    }

    struct Decision: Decodable, KnownFields {
        let version: Int
        let reason: String?
        static let fields: Set<String> = ["version", "reason"]
    }

    /// GET /rounds — the rounds the caller takes part in or oversees, newest month first.
    func list(_ request: Request, context: AppContext) async throws -> Response {
        let actor = try context.requirePrincipal()
        return try JSONIO.response(ItemsDTO(items: try await cases.rounds(as: actor).map(RoundSummaryDTO.init)))
    }

    /// POST /rounds — the office of a unit opens a round.
    func open(_ request: Request, context: AppContext) async throws -> Response {
        let actor = try context.requirePrincipal()
        let body = try await JSONIO.decode(RoundRequest.self, from: request, context: context)
        let round = try await cases.open(
            title: body.title ?? "", period: body.period, dueOn: body.dueOn, campaignID: body.campaignId,
            unitID: body.unitId, reporting: body.unitIds, by: actor)
        return try JSONIO.response(RoundDetailDTO(try await cases.round(round.id, as: actor)), status: .created)
    }

    /// GET /rounds/{id} — the round and its returns in the caller's scope.
    func show(_ request: Request, context: AppContext) async throws -> Response {
        let actor = try context.requirePrincipal()
        return try JSONIO.response(RoundDetailDTO(try await cases.round(try context.id(), as: actor)))
    }

    /// GET /rounds/{id}/returns/{returnId}
    func showReturn(_ request: Request, context: AppContext) async throws -> Response {
        let actor = try context.requirePrincipal()
        let detail = try await cases.roundReturn(try context.id("returnId"), of: try context.id(), as: actor)
        return try JSONIO.response(ReturnDTO(detail.item, unitName: detail.unit.name))
    }

    /// PATCH /rounds/{id}/returns/{returnId} — the unit writes its return (fields left out stay).
    func save(_ request: Request, context: AppContext) async throws -> Response {
        let actor = try context.requirePrincipal()
        let body = try await JSONIO.decode(ReturnText.self, from: request, context: context)
        let round = try context.id()
        let id = try context.id("returnId")
        let current = try await cases.roundReturn(id, of: round, as: actor).item
        let saved = try await cases.save(
            id, of: round, summary: body.summary ?? current.summary, nextSteps: body.nextSteps ?? current.nextSteps,
            version: body.version, by: actor)
        return try JSONIO.response(ReturnDTO(saved))
    }

    /// POST /rounds/{id}/returns/{returnId}/file — the unit leader signs off and files.
    func file(_ request: Request, context: AppContext) async throws -> Response {
        let actor = try context.requirePrincipal()
        let body = try await JSONIO.decode(Decision.self, from: request, context: context)
        let filed = try await cases.file(
            try context.id("returnId"), of: try context.id(), version: body.version, by: actor)
        return try JSONIO.response(ReturnDTO(filed))
    }

    /// POST /rounds/{id}/returns/{returnId}/accept|return — the opening office decides.
    func decide(accept: Bool) -> @Sendable (Request, AppContext) async throws -> Response {
        { [cases] request, context in
            let actor = try context.requirePrincipal()
            let body = try await JSONIO.decode(Decision.self, from: request, context: context)
            let decided = try await cases.decide(
                try context.id("returnId"), of: try context.id(), accept: accept, reason: body.reason,
                version: body.version, by: actor)
            return try JSONIO.response(ReturnDTO(decided))
        }
    }
}
