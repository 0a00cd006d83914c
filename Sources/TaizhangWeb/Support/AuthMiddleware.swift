import Hummingbird
import TaizhangApp
import TaizhangDomain
import TaizhangStorage

/// Finds the principal behind `Authorization: Bearer …`. Routes decide whether they need one.
struct BearerAuthMiddleware: RouterMiddleware {
    typealias Context = AppContext
    let accounts: AccountCases

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response)
        async throws -> Response
    {
        var context = context
        if request.headers[.authorization] != nil {
            guard let token = Self.token(in: request), let principal = try await accounts.principal(token: token) else {
                throw DomainError(
                    .unauthenticated, code: "invalid_token", zh: "API 令牌无效或已撤销",
                    en: "the bearer token is invalid or revoked")
            }
            context.principal = principal
        }
        return try await next(request, context)
    }

    /// The bearer token of the request, if it carries one.
    static func token(in request: Request) -> String? {
        guard let header = request.headers[.authorization] else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let token = parts[1].trimmingCharacters(in: .whitespaces)
        return token.isEmpty ? nil : token
    }
}
