import TaizhangDomain
import TaizhangStorage

/// Deadline changes: requested by the unit, decided by someone else, never silently edited.
public struct DeadlineCases: Sendable {
    let services: Services

    public init(_ services: Services) {
        self.services = services
    }

    /// The unit asks to move the deadline, with a reason.
    public func request(
        on problemID: Int64, to deadline: LocalDate, reason: String, by actor: Principal
    ) async throws -> DeadlineChange {
        try await services.problems.requestDeadlineChange(problemID, to: deadline, reason: reason, by: actor)
    }

    /// Someone other than the requester approves or rejects a pending change, on the problem
    /// version they saw: two offices deciding at once cannot both win.
    public func decide(
        _ changeID: Int64, on problemID: Int64, version: Int, approve: Bool, by actor: Principal
    ) async throws -> DeadlineChange {
        try await services.problems.decideDeadlineChange(
            problemID, change: changeID, version: version, approve: approve, by: actor
        ).0
    }
}

extension DeadlineCases {
    /// Deadline changes waiting for a decision inside a unit (or the viewer's whole scope): the
    /// newest `limit`, and how many in all.
    public func pending(unitID: Int64?, limit: Int, as viewer: Principal) async throws -> (
        items: [PendingDeadlineChange], total: Int
    ) {
        try await services.problems.pendingDeadlineChanges(unitID: unitID, limit: limit, for: viewer)
    }
}
