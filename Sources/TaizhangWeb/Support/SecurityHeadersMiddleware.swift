import HTTPTypes
import Hummingbird

/// Headers every response carries, errors included: no sniffing, no caching of a person's data by
/// a shared proxy or browser, no referrer leaking ids, framed by nobody. An API answer may run
/// and load nothing; a page may load only this site's own style sheet, script, images and
/// evidence (no inline script, so an injected `<script>` would not run even if one got through).
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

    static let pageFields: [HTTPField] = [
        ("X-Content-Type-Options", "nosniff"),
        ("Cache-Control", "no-store"),
        ("Referrer-Policy", "same-origin"),
        (
            "Content-Security-Policy",
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'self'; "
                + "frame-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
        ),
        ("X-Frame-Options", "DENY"),
    ].map { HTTPField(name: HTTPField.Name($0.0)!, value: $0.1) }

    /// Our own style sheet and script change only with a new build: cached for an hour.
    static let assetFields: [HTTPField] = [
        ("X-Content-Type-Options", "nosniff"),
        ("Cache-Control", "public, max-age=3600"),
        ("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'"),
    ].map { HTTPField(name: HTTPField.Name($0.0)!, value: $0.1) }

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response)
        async throws -> Response
    {
        var response = try await next(request, context)
        // No handler sets these itself, so they are appended rather than looked up and replaced.
        let path = request.uri.path
        if path.hasPrefix(Routes.prefix + "/") {
            response.headers.append(contentsOf: Self.fields)
        } else if path.hasPrefix("/static/") && response.status == .ok {
            response.headers.append(contentsOf: Self.assetFields)
        } else if response.headers[.contentSecurityPolicy] == nil {
            response.headers.append(contentsOf: Self.pageFields)
        } else {
            // An evidence preview sets its own policy (framed by our own problem page only).
            response.headers.append(
                contentsOf: Self.pageFields.filter {
                    $0.name != .contentSecurityPolicy && $0.name.rawName != "X-Frame-Options"
                })
        }
        return response
    }
}
