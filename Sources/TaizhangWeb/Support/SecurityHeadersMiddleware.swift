import HTTPTypes
import Hummingbird

/// Headers every API response carries, errors included: no sniffing a JSON answer into HTML, no
/// caching of a person's data by a shared proxy or browser, no referrer leaking ids, and a
/// policy that lets a response run nothing and be framed by nobody.
struct SecurityHeadersMiddleware: RouterMiddleware {
    typealias Context = AppContext

    /// Built once, not parsed again for every response.
    static let fields: [HTTPField] = [
        ("X-Content-Type-Options", "nosniff"),
        ("Cache-Control", "no-store"),
        ("Referrer-Policy", "no-referrer"),
        ("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"),
        ("X-Frame-Options", "DENY"),
    ].map { HTTPField(name: HTTPField.Name($0.0)!, value: $0.1) }

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response)
        async throws -> Response
    {
        var response = try await next(request, context)
        // No handler sets these itself, so they are appended rather than looked up and replaced.
        response.headers.append(contentsOf: Self.fields)
        return response
    }
}
