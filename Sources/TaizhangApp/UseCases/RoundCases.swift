import TaizhangDomain
import TaizhangStorage

/// Monthly rounds (月调度): the office opens one, each unit writes and files its return, the
/// office accepts it or sends it back.
public struct RoundCases: Sendable {
    let services: Services

    public init(_ services: Services) {
        self.services = services
    }

    /// The office of `unitID` opens a round on a month; `reporting` nil: the units right below it.
    public func open(
        title: String, period: RoundPeriod, dueOn: LocalDate, campaignID: Int64, unitID: Int64,
        reporting: [Int64]?, by actor: Principal?
    ) async throws -> Round {
        try await services.rounds.open(
            title: title, period: period, dueOn: dueOn, campaignID: campaignID, unitID: unitID, reporting: reporting,
            by: actor)
    }

    /// The rounds the viewer takes part in or oversees, newest month first.
    public func rounds(as viewer: Principal) async throws -> [RoundSummary] {
        try await services.rounds.rounds(for: viewer)
    }

    public func round(_ id: Int64, as viewer: Principal) async throws -> RoundDetail {
        try await services.rounds.round(id, for: viewer)
    }

    public func roundReturn(_ id: Int64, of round: Int64, as viewer: Principal) async throws -> ReturnDetail {
        try await services.rounds.roundReturn(id, of: round, for: viewer)
    }

    /// The liaison or unit leader saves what the unit did this month and plans next.
    public func save(
        _ id: Int64, of round: Int64, summary: String, nextSteps: String, version: Int, by actor: Principal
    ) async throws -> RoundReturn {
        try await services.rounds.change(id, of: round, by: actor, action: .update) { _, item, now in
            try item.saving(summary: summary, nextSteps: nextSteps, version: version, by: actor, now: now)
        }
    }

    /// The unit leader signs off and files; the unit's ledger figures in the round's campaign are
    /// read as the leader sees them and go with the return.
    public func file(_ id: Int64, of round: Int64, version: Int, by actor: Principal) async throws -> RoundReturn {
        let detail = try await services.rounds.roundReturn(id, of: round, for: actor)
        let counts = try await services.problems.counts(
            unitID: detail.item.unitID, campaignID: detail.round.campaignID, for: actor)
        let figures = ReturnFigures(counts)
        return try await services.rounds.change(id, of: round, by: actor, action: .file) { _, item, now in
            try item.filing(version: version, figures: figures, by: actor, now: now)
        }
    }

    /// The opening unit's office accepts a filed return, or sends it back with a reason.
    public func decide(
        _ id: Int64, of round: Int64, accept: Bool, reason: String?, version: Int, by actor: Principal
    ) async throws -> RoundReturn {
        try await services.rounds.change(id, of: round, by: actor, action: accept ? .accept : .returnToUnit) {
            round, item, now in
            try item.deciding(accept: accept, reason: reason, version: version, in: round, by: actor, now: now)
        }
    }
}

extension RoundCases {
    /// What waits in rounds for someone holding `roles` at `unit`: returns the unit (and those
    /// below it) still owe, for its liaison and leader; filed returns to decide in rounds opened
    /// there or below, for its office and supervision team.
    public func waiting(at unit: OrgUnit, roles: Set<Role>) async throws -> (toFile: Int?, toDecide: Int?) {
        let toFile =
            roles.isDisjoint(with: Policy.writeReturn) ? nil : try await services.rounds.owedCount(under: unit.path)
        let toDecide =
            roles.isDisjoint(with: Policy.decideReturn)
            ? nil : try await services.rounds.filedCount(roundsUnder: unit.path)
        return (toFile, toDecide)
    }
}

extension RoundCases {
    /// The names of the people a return's history mentions, to show who did what.
    public func people(in detail: ReturnDetail) async throws -> [Int64: String] {
        var ids = Set(detail.history.compactMap(\.actorID))
        ids.formUnion([detail.item.filedBy, detail.item.decidedBy].compactMap { $0 })
        return try await services.users.displayNames(ids)
    }
}
