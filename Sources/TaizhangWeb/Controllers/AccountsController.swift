import Foundation
import Hummingbird
import TaizhangApp
import TaizhangDomain
import TaizhangStorage

/// Offboarding and access: a person's own tokens, and an admin's grants, revocations and disabling.
/// Every change is audited and refused at once on every server process.
struct AccountsController {
    let cases: AccountCases

    struct GrantRequest: Decodable, KnownFields {
        static let fields: Set<String> = ["role", "unitId"]
        let role: Role
        let unitId: Int64
    }

    struct TokenInfoDTO: Encodable {
        let id: Int64
        let name: String
        let createdAt: String
        let revokedAt: String?
        /// When a password sign-in ends by age; nil for tokens issued for scripts.
        let expiresAt: String?
    }

    struct RevokedDTO: Encodable {
        let revoked: Int
    }

    /// GET /tokens — the caller's own tokens (names and dates; never the tokens themselves).
    func tokens(_ request: Request, context: AppContext) async throws -> Response {
        let actor = try context.requirePrincipal()
        let tokens = try await cases.tokens(of: actor)
        return try JSONIO.response(
            ItemsDTO(
                items: tokens.map {
                    TokenInfoDTO(
                        id: $0.id, name: $0.name, createdAt: Timestamp.format($0.createdAt),
                        revokedAt: $0.revokedAt.map(Timestamp.format), expiresAt: $0.expiresAt.map(Timestamp.format))
                }))
    }

    /// DELETE /tokens/{id} — revokes one of the caller's own tokens.
    func revokeToken(_ request: Request, context: AppContext) async throws -> Response {
        let actor = try context.requirePrincipal()
        try await cases.revokeOwnToken(try context.id(), by: actor)
        return Response(status: .noContent)
    }

    /// POST /users/{id}/tokens/revoke — an admin revokes every token of a person.
    func revokeAllTokens(_ request: Request, context: AppContext) async throws -> Response {
        let actor = try context.requirePrincipal()
        let count = try await cases.revokeTokens(of: try context.id(), by: actor)
        return try JSONIO.response(RevokedDTO(revoked: count))
    }

    /// POST /users/{id}/grants — an admin gives a role for a unit in their scope.
    func addGrant(_ request: Request, context: AppContext) async throws -> Response {
        let actor = try context.requirePrincipal()
        let body = try await JSONIO.decode(GrantRequest.self, from: request, context: context)
        try await cases.grant(body.role, at: body.unitId, to: try context.id(), by: actor)
        return Response(status: .noContent)
    }

    /// POST /users/{id}/grants/revoke — an admin takes a role away.
    func removeGrant(_ request: Request, context: AppContext) async throws -> Response {
        let actor = try context.requirePrincipal()
        let body = try await JSONIO.decode(GrantRequest.self, from: request, context: context)
        try await cases.removeGrant(body.role, at: body.unitId, from: try context.id(), by: actor)
        return Response(status: .noContent)
    }

    /// POST /users/{id}/disable and /enable — an admin disables a person (or lets them back in).
    func setDisabled(_ disabled: Bool) -> @Sendable (Request, AppContext) async throws -> Response {
        { [cases] _, context in
            let actor = try context.requirePrincipal()
            try await cases.setDisabled(disabled, userID: try context.id(), by: actor)
            return Response(status: .noContent)
        }
    }
}
