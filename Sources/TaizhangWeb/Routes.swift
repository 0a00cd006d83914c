import Foundation
import Hummingbird
import TaizhangApp
import TaizhangDomain

/// One API route: method, path as in the OpenAPI document, and its handler.
public struct APIRoute: Sendable {
    public let method: HTTPRequest.Method
    public let path: String
    let handler: @Sendable (Request, AppContext) async throws -> Response
}

/// The whole API in one table; the OpenAPI test walks the same table.
enum Routes {
    static let prefix = "/api/v1"

    static func table(_ services: Services) -> [APIRoute] {
        let problems = ProblemsController(cases: services.problemCases)
        let changes = DeadlineChangesController(cases: services.deadlineCases)
        let ledger = LedgerController(cases: services.progressCases)
        let directory = DirectoryController(cases: services.directoryCases, problems: services.problemCases)
        let session = SessionController(cases: services.accountCases)
        let reports = ReportsController(intake: services.reportIntake, problems: services.problemCases)
        let accounts = AccountsController(cases: services.accountCases)
        let rounds = RoundsController(cases: services.roundCases)
        func route(
            _ method: HTTPRequest.Method, _ path: String,
            _ handler: @escaping @Sendable (Request, AppContext) async throws -> Response
        ) -> APIRoute {
            APIRoute(method: method, path: prefix + path, handler: handler)
        }
        var routes = [
            route(.get, "/openapi.json", OpenAPIDocument.serve),
            route(.post, "/session", session.signIn),
            route(.delete, "/session", session.signOut),
            route(.get, "/me", session.me),
            route(.get, "/tokens", accounts.tokens),
            route(.delete, "/tokens/{id}", accounts.revokeToken),
            route(.post, "/users/{id}/tokens/revoke", accounts.revokeAllTokens),
            route(.post, "/users/{id}/grants", accounts.addGrant),
            route(.post, "/users/{id}/grants/revoke", accounts.removeGrant),
            route(.post, "/users/{id}/disable", accounts.setDisabled(true)),
            route(.post, "/users/{id}/enable", accounts.setDisabled(false)),
            route(.get, "/units", directory.units),
            route(.post, "/units", directory.createUnit),
            route(.get, "/units/{id}", directory.unit),
            route(.get, "/campaigns", directory.campaigns),
            route(.post, "/campaigns", directory.createCampaign),
            route(.get, "/campaigns/{id}", directory.campaign),
            route(.get, "/stats", directory.stats),
            route(.get, "/problems", problems.list),
            route(.post, "/problems", problems.create),
            route(.get, "/problems/{id}", problems.show),
            route(.patch, "/problems/{id}", problems.update),
            route(.post, "/problems/{id}/measures", ledger.addMeasure),
            route(.patch, "/problems/{id}/measures/{measureId}", ledger.updateMeasure),
            route(.post, "/problems/{id}/notes", ledger.addNote),
            route(.get, "/problems/{id}/notes", ledger.notes),
            route(.get, "/problems/{id}/history", ledger.history),
            route(.post, "/problems/{id}/evidence", ledger.upload),
            route(.get, "/problems/{id}/evidence/{evidenceId}", ledger.download),
            route(.post, "/problems/{id}/deadline-changes", changes.request),
            route(.post, "/problems/{id}/deadline-changes/{changeId}/approve", changes.decide(approve: true)),
            route(.post, "/problems/{id}/deadline-changes/{changeId}/reject", changes.decide(approve: false)),
            route(.get, "/reports", reports.list),
            route(.post, "/reports", reports.submit),
            route(.get, "/reports/{id}", reports.show),
            route(.post, "/reports/{id}/drafts", reports.draft),
            route(.get, "/rounds", rounds.list),
            route(.post, "/rounds", rounds.open),
            route(.get, "/rounds/{id}", rounds.show),
            route(.get, "/rounds/{id}/returns/{returnId}", rounds.showReturn),
            route(.patch, "/rounds/{id}/returns/{returnId}", rounds.save),
            route(.post, "/rounds/{id}/returns/{returnId}/file", rounds.file),
            route(.post, "/rounds/{id}/returns/{returnId}/accept", rounds.decide(accept: true)),
            route(.post, "/rounds/{id}/returns/{returnId}/return", rounds.decide(accept: false)),
        ]
        for action in ProblemAction.allCases {
            routes.append(route(.post, "/problems/{id}/\(action.rawValue)", problems.transition(action)))
        }
        return routes
    }
}
