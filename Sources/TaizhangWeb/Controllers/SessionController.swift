import HummingbirdBcrypt
import Hummingbird
import NIOPosix
import TaizhangDomain

/// Signing in with a password to get an API token, and "who am I".
struct SessionController {
    let services: Services

    struct SignIn: Decodable {
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
        let user = try await services.users.user(login: body.login)
        // bcrypt is slow on purpose; keep it off the event loop.
        let valid = try await NIOThreadPool.singleton.runIfActive {
            user.map { Bcrypt.verify(body.password, hash: $0.passwordHash) } ?? false
        }
        guard let user, valid else {
            throw DomainError(
                .unauthenticated, code: "bad_credentials", zh: "登录名或密码错误", en: "wrong login or password")
        }
        let token = try await services.users.createToken(userID: user.id, name: "sign-in")
        return try JSONIO.response(TokenDTO(token: token, userId: user.id), status: .created)
    }

    /// GET /me — the caller and the roles they hold.
    func me(_ request: Request, context: AppContext) async throws -> Response {
        let actor = try context.requirePrincipal()
        return try JSONIO.response(
            MeDTO(
                id: actor.userID, name: actor.name,
                grants: actor.grants.map { .init(role: $0.role.rawValue, roleLabel: $0.role.chinese, unitId: $0.unitID) }))
    }
}
