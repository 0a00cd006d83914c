import Hummingbird
import TaizhangDomain
import TaizhangStorage

/// Finds the principal behind `Authorization: Bearer …`. Routes decide whether they need one.
struct BearerAuthMiddleware: RouterMiddleware {
    typealias Context = AppContext
    let users: UserRepository

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response)
        async throws -> Response
    {
        var context = context
        if let header = request.headers[.authorization] {
            let parts = header.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, parts[0].lowercased() == "bearer",
                let principal = try await users.principal(token: String(parts[1]).trimmingCharacters(in: .whitespaces))
            else {
                throw DomainError(
                    .unauthenticated, code: "invalid_token", zh: "API 令牌无效或已撤销", en: "the bearer token is invalid or revoked")
            }
            context.principal = principal
        }
        return try await next(request, context)
    }
}
