import HTTPTypes
import Hummingbird

/// Headers every API response carries, errors included: no sniffing a JSON answer into HTML, no
/// caching of a person's data by a shared proxy or browser, no referrer leaking ids, and a
/// policy that lets a response run nothing and be framed by nobody.
struct SecurityHeadersMiddleware: RouterMiddleware {
    typealias Context = AppContext

    static let headers: [(String, String)] = [
        ("X-Content-Type-Options", "nosniff"),
        ("Cache-Control", "no-store"),
        ("Referrer-Policy", "no-referrer"),
        ("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"),
        ("X-Frame-Options", "DENY"),
    ]

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response)
        async throws -> Response
    {
        var response = try await next(request, context)
        for (name, value) in Self.headers {
            if let field = HTTPField.Name(name) { response.headers[field] = value }
        }
        return response
    }
}
