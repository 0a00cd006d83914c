import TaizhangDomain
import TaizhangStorage

/// The frame around the ledger: units and campaigns.
public struct DirectoryCases: Sendable {
    let services: Services

    public init(_ services: Services) {
        self.services = services
    }

    /// The roots of the viewer's scope, or the children of a unit in it.
    public func units(under parentID: Int64?, as viewer: Principal) async throws -> [OrgUnit] {
        try await services.units.children(of: parentID, for: viewer)
    }

    /// Every unit in the viewer's scope, by path.
    public func unitsInScope(of viewer: Principal) async throws -> [OrgUnit] {
        try await services.units.inScope(of: viewer)
    }

    /// One unit in the viewer's scope.
    public func unit(_ id: Int64, as viewer: Principal) async throws -> OrgUnit {
        try await services.units.unit(id, for: viewer)
    }

    /// Adds a unit under a parent in the actor's scope.
    public func addUnit(
        name: String, shortName: String, kind: UnitKind, parentID: Int64?, by actor: Principal
    ) async throws -> OrgUnit {
        try await services.units.create(name: name, shortName: shortName, kind: kind, parentID: parentID, by: actor)
    }

    /// Every campaign (they are not secret: their names are on every problem).
    public func campaigns() async throws -> [Campaign] {
        try await services.campaigns.all()
    }

    /// One campaign with its participants.
    public func campaign(_ id: Int64) async throws -> Campaign {
        try await services.campaigns.campaign(id)
    }

    /// A top-level office sets up a campaign and who takes part, batch by batch.
    public func setUpCampaign(
        name: String, code: String, startsOn: LocalDate, endsOn: LocalDate?, participants: [Campaign.Participant],
        by actor: Principal
    ) async throws -> Campaign {
        try await services.campaigns.create(
            name: name, code: code, startsOn: startsOn, endsOn: endsOn, participants: participants, by: actor)
    }
}
