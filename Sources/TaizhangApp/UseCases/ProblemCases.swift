import TaizhangDomain
import TaizhangStorage

/// Keeping the ledger: looking through it, recording a problem, opening and editing one, and
/// every step of the state machine (claim, request closure, verify, return, reopen, merge, …).
public struct ProblemCases: Sendable {
    let services: Services

    public init(_ services: Services) {
        self.services = services
    }

    /// Today by the injected clock: what "overdue" is measured against when a problem is shown.
    public var today: LocalDate { services.clock.today() }

    /// Looks through the ledger: filtered, sorted, keyset-paged, within the viewer's scope.
    public func list(_ filter: ProblemFilter, as viewer: Principal) async throws -> ProblemPage {
        try await services.problems.list(filter, for: viewer)
    }

    /// Records a new problem on the ledger, as a draft for its lead unit.
    public func record(_ draft: ProblemDraft, by actor: Principal) async throws -> Problem {
        try await services.problems.create(draft, by: actor)
    }

    /// Opens a problem: every field, measures, notes, evidence, deadline changes and history.
    public func open(_ id: Int64, as viewer: Principal) async throws -> ProblemDetail {
        try await services.problems.detail(id, for: viewer)
    }

    /// Edits descriptive fields of the version the editor saw; a stale version is refused.
    public func edit(_ id: Int64, version: Int, patch: ProblemPatch, by actor: Principal) async throws -> Problem {
        try await services.problems.update(id, version: version, patch: patch, by: actor)
    }

    /// Takes one step of the state machine on the version the actor saw.
    public func act(
        _ action: ProblemAction, on id: Int64, version: Int, reason: String?, mergeInto: Int64?, by actor: Principal
    ) async throws -> Problem {
        try await services.problems.transition(
            id, action: action, version: version, reason: reason, mergeInto: mergeInto, by: actor)
    }

    /// Counts by state and overdue for a unit's subtree (default: the viewer's scope).
    public func counts(unitID: Int64?, campaignID: Int64?, as viewer: Principal) async throws -> ProblemCounts {
        try await services.problems.counts(unitID: unitID, campaignID: campaignID, for: viewer)
    }
}

extension ProblemCases {
    /// The lead and supporting units of problems the viewer has read, by id, to show their names.
    public func units(of problems: [Problem]) async throws -> [Int64: OrgUnit] {
        var ids = Set(problems.map(\.leadUnitID))
        for problem in problems { ids.formUnion(problem.supportingUnitIDs) }
        return try await services.problems.units(ids)
    }
}

extension ProblemCases {
    /// How many live problems fall due between two days (inclusive) under a unit or the whole scope.
    public func dueBetween(_ from: LocalDate, _ to: LocalDate, unitID: Int64?, as viewer: Principal) async throws -> Int
    {
        try await services.problems.dueBetween(from, to, unitID: unitID, for: viewer)
    }
}

extension ProblemCases {
    /// The names of the people who appear on a problem's detail (authors, uploaders, actors).
    public func people(in detail: ProblemDetail) async throws -> [Int64: String] {
        var ids = Set(detail.notes.map(\.authorID))
        ids.formUnion(detail.evidence.map(\.uploadedBy))
        ids.formUnion(detail.history.compactMap(\.actorID))
        ids.formUnion(detail.deadlineChanges.map(\.requestedBy))
        return try await services.users.displayNames(ids)
    }
}

extension ProblemCases {
    /// A scope's problems by source channel and by category.
    public func facets(unitID: Int64?, campaignID: Int64?, as viewer: Principal) async throws -> FacetCounts {
        try await services.problems.facets(unitID: unitID, campaignID: campaignID, for: viewer)
    }
}

extension ProblemCases {
    /// Counts for each of several units the viewer sees (a ranking), in two statements.
    public func counts(eachOf unitIDs: [Int64], campaignID: Int64?, as viewer: Principal) async throws -> [Int64:
        ProblemCounts]
    {
        try await services.problems.counts(eachOf: unitIDs, campaignID: campaignID, for: viewer)
    }
}
