import Foundation
import Hummingbird
import HummingbirdBcrypt
import NIOPosix
import TaizhangApp
import TaizhangDomain

/// Signing in with a password to get an API token, signing out, and "who am I".
struct SessionController {
    let services: Services

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

    /// Compared against when the login does not exist, so an unknown login costs the same bcrypt
    /// work as a wrong password and the answer's timing tells nothing (same cost as real hashes).
    static let decoyHash = Bcrypt.hash("taizhang-decoy-\(UUID().uuidString)", cost: 10)

    static let refused = DomainError(
        .unauthenticated, code: "bad_credentials", zh: "登录名或密码错误", en: "wrong login or password")

    /// POST /session — exchanges login and password for a new bearer token.
    func signIn(_ request: Request, context: AppContext) async throws -> Response {
        let body = try await JSONIO.decode(SignIn.self, from: request, context: context)
        let address = context.remoteAddress
        try services.signIns.check(login: body.login, address: address, now: services.clock.now())
        let user = try await services.users.user(login: body.login)
        let hash = user?.passwordHash ?? Self.decoyHash
        // bcrypt is slow on purpose; keep it off the event loop.
        let matches = try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(body.password, hash: hash) }
        guard let user, matches else {
            services.signIns.failed(login: body.login, address: address, now: services.clock.now())
            throw Self.refused
        }
        services.signIns.succeeded(login: body.login)
        if user.disabled {
            throw DomainError(
                .unauthenticated, code: "user_disabled", zh: "该账号已停用，请联系管理员", en: "this account is disabled")
        }
        let token = try await services.users.createToken(userID: user.id, name: "sign-in")
        return try JSONIO.response(TokenDTO(token: token, userId: user.id), status: .created)
    }

    /// DELETE /session — signs out: the token this request carries stops working at once.
    func signOut(_ request: Request, context: AppContext) async throws -> Response {
        let actor = try context.requirePrincipal()
        guard let token = BearerAuthMiddleware.token(in: request) else { throw DomainError.notFound(.token) }
        try await services.users.revokeTokens(of: actor.userID, token: token, by: actor)
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
