import Hummingbird
import TaizhangApp
import TaizhangDomain
import TaizhangStorage

/// Units, campaigns and counts: the frame around the ledger.
struct DirectoryController {
    let cases: DirectoryCases
    let problems: ProblemCases

    struct UnitRequest: Decodable, KnownFields {
        let name: String
        let shortName: String?
        let kind: UnitKind
        let parentId: Int64?
        static let fields: Set<String> = ["name", "shortName", "kind", "parentId"]
    }

    struct CampaignRequest: Decodable, KnownFields {
        static let fields: Set<String> = ["name", "code", "startsOn", "endsOn", "participants"]
        struct Participant: Decodable {
            let unitId: Int64
            let batch: Int?
        }
        let name: String
        let code: String
        let startsOn: LocalDate
        let endsOn: LocalDate?
        let participants: [Participant]?
    }

    /// GET /units — roots of the caller's scope, or children of `parent`.
    func units(_ request: Request, context: AppContext) async throws -> Response {
        let actor = try context.requirePrincipal()
        let units = try await cases.units(under: try request.queryInt("parent"), as: actor)
        return try JSONIO.response(ItemsDTO(items: units.map(UnitDTO.init)))
    }

    /// GET /units/{id} — one unit in scope.
    func unit(_ request: Request, context: AppContext) async throws -> Response {
        let actor = try context.requirePrincipal()
        return try JSONIO.response(UnitDTO(try await cases.unit(try context.id(), as: actor)))
    }

    /// POST /units — adds a unit under a parent in scope.
    func createUnit(_ request: Request, context: AppContext) async throws -> Response {
        let actor = try context.requirePrincipal()
        let body = try await JSONIO.decode(UnitRequest.self, from: request, context: context)
        let unit = try await cases.addUnit(
            name: body.name, shortName: body.shortName ?? "", kind: body.kind, parentID: body.parentId, by: actor)
        return try JSONIO.response(UnitDTO(unit), status: .created)
    }

    /// GET /campaigns — all campaigns.
    func campaigns(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requirePrincipal()
        return try JSONIO.response(ItemsDTO(items: try await cases.campaigns().map(CampaignDTO.init)))
    }

    /// GET /campaigns/{id} — one campaign with its participants.
    func campaign(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requirePrincipal()
        return try JSONIO.response(CampaignDTO(try await cases.campaign(try context.id())))
    }

    /// POST /campaigns — sets up a campaign (top-level office).
    func createCampaign(_ request: Request, context: AppContext) async throws -> Response {
        let actor = try context.requirePrincipal()
        let body = try await JSONIO.decode(CampaignRequest.self, from: request, context: context)
        let campaign = try await cases.setUpCampaign(
            name: body.name, code: body.code, startsOn: body.startsOn, endsOn: body.endsOn,
            participants: (body.participants ?? []).map { .init(unitID: $0.unitId, batch: $0.batch ?? 1) }, by: actor)
        return try JSONIO.response(CampaignDTO(campaign), status: .created)
    }

    /// GET /stats — counts by state and overdue for a subtree (default: the caller's scope).
    func stats(_ request: Request, context: AppContext) async throws -> Response {
        let actor = try context.requirePrincipal()
        let counts = try await problems.counts(
            unitID: try request.queryInt("unit"), campaignID: try request.queryInt("campaign"), as: actor)
        return try JSONIO.response(counts)
    }
}
