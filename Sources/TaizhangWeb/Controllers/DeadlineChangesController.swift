import Hummingbird
import TaizhangDomain

/// Deadline changes: requested by the unit, decided by someone else, never silently edited.
struct DeadlineChangesController {
    let services: Services

    struct ChangeRequest: Decodable {
        let deadline: LocalDate
        let reason: String
    }

    /// POST /problems/{id}/deadline-changes — asks to move the deadline.
    func request(_ request: Request, context: AppContext) async throws -> Response {
        let actor = try context.requirePrincipal()
        let body = try await JSONIO.decode(ChangeRequest.self, from: request, context: context)
        let change = try await services.problems.requestDeadlineChange(
            try context.id(), to: body.deadline, reason: body.reason, by: actor)
        return try JSONIO.response(DeadlineChangeDTO(change), status: .created)
    }

    /// POST /problems/{id}/deadline-changes/{changeId}/approve|reject — decides a pending change.
    func decide(approve: Bool) -> @Sendable (Request, AppContext) async throws -> Response {
        { [services] _, context in
            let actor = try context.requirePrincipal()
            let (change, _) = try await services.problems.decideDeadlineChange(
                try context.id(), change: try context.id("changeId"), approve: approve, by: actor)
            return try JSONIO.response(DeadlineChangeDTO(change))
        }
    }
}
