import Hummingbird
import TaizhangApp
import TaizhangDomain

/// Deadline changes: requested by the unit, decided by someone else, never silently edited.
struct DeadlineChangesController {
    let cases: DeadlineCases

    struct ChangeRequest: Decodable, KnownFields {
        let deadline: LocalDate
        let reason: String
        static let fields: Set<String> = ["deadline", "reason"]
    }

    /// A decision names the problem version the decider saw: approving moves the deadline, and
    /// two offices deciding at once must not both win.
    struct Decision: Decodable, KnownFields {
        let version: Int
        static let fields: Set<String> = ["version"]
    }

    /// POST /problems/{id}/deadline-changes — asks to move the deadline.
    func request(_ request: Request, context: AppContext) async throws -> Response {
        let actor = try context.requirePrincipal()
        let body = try await JSONIO.decode(ChangeRequest.self, from: request, context: context)
        let change = try await cases.request(on: try context.id(), to: body.deadline, reason: body.reason, by: actor)
        return try JSONIO.response(DeadlineChangeDTO(change), status: .created)
    }

    /// POST /problems/{id}/deadline-changes/{changeId}/approve|reject — decides a pending change.
    func decide(approve: Bool) -> @Sendable (Request, AppContext) async throws -> Response {
        { [cases] request, context in
            let actor = try context.requirePrincipal()
            let body = try await JSONIO.decode(Decision.self, from: request, context: context)
            let change = try await cases.decide(
                try context.id("changeId"), on: try context.id(), version: body.version, approve: approve, by: actor)
            return try JSONIO.response(DeadlineChangeDTO(change))
        }
    }
}
