import Foundation
import Hummingbird
import TaizhangApp
import TaizhangDomain

/// Signing in with a password to get an API token, signing out, and "who am I".
struct SessionController {
    let cases: AccountCases

    struct SignIn: Decodable, KnownFields {
        static let fields: Set<String> = ["login", "password"]
        let login: String
        let password: String
    }

    struct TokenDTO: Encodable {
        let token: String
        let userId: Int64
    }

    struct MeDTO: Encodable {
        struct GrantDTO: Encodable {
            let role: String
            let roleLabel: String
            let unitId: Int64
        }
        let id: Int64
        let name: String
        let grants: [GrantDTO]
    }

    /// POST /session — exchanges login and password for a new bearer token.
    func signIn(_ request: Request, context: AppContext) async throws -> Response {
        let body = try await JSONIO.decode(SignIn.self, from: request, context: context)
        let signedIn = try await cases.signIn(login: body.login, password: body.password, from: context.remoteAddress)
        return try JSONIO.response(TokenDTO(token: signedIn.token, userId: signedIn.userID), status: .created)
    }

    /// DELETE /session — signs out: the token this request carries stops working at once.
    func signOut(_ request: Request, context: AppContext) async throws -> Response {
        let actor = try context.requirePrincipal()
        guard let token = BearerAuthMiddleware.token(in: request) else { throw DomainError.notFound(.token) }
        try await cases.signOut(token: token, by: actor)
        return Response(status: .noContent)
    }

    /// GET /me — the caller and the roles they hold.
    func me(_ request: Request, context: AppContext) async throws -> Response {
        let actor = try context.requirePrincipal()
        return try JSONIO.response(
            MeDTO(
                id: actor.userID, name: actor.name,
                grants: actor.grants.map {
                    .init(role: $0.role.rawValue, roleLabel: $0.role.chinese, unitId: $0.unitID)
                }))
    }
}
