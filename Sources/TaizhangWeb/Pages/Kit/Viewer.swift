import Foundation
import Hummingbird
import TaizhangApp
import TaizhangDomain

/// Who is looking at a page, in which language, and the form token their forms carry.
struct Viewer: Sendable {
    static let sessionCookie = "tz_session"
    /// Before sign-in there is no session to derive a form token from: a random value in a cookie,
    /// repeated in the form (double submit), guards the sign-in and language forms.
    static let formCookie = "tz_form"

    let principal: Principal?
    let session: String?
    let lang: Lang
    let formToken: String
    /// A new anonymous form token to set on the response.
    let newFormCookie: String?
    /// The path and query of this request, for `next` and for the language switch.
    let here: String
    let today: LocalDate
    let secureCookies: Bool

    /// The signed-in person (or nil), whatever page this is.
    static func find(_ request: Request, context: AppContext, web: WebServices) async throws -> Viewer {
        let lang = request.cookies[Lang.cookie].flatMap { Lang(rawValue: $0.value) } ?? .zh
        let here = request.uri.description
        let today = web.services.clock.today()
        if let session = request.cookies[sessionCookie]?.value, !session.isEmpty,
            let principal = try await web.accounts.principal(token: session)
        {
            return Viewer(
                principal: principal, session: session, lang: lang,
                formToken: web.accounts.formToken(session: session), newFormCookie: nil, here: here, today: today,
                secureCookies: web.secureCookies)
        }
        if let existing = request.cookies[formCookie]?.value, existing.count == 40 {
            return Viewer(
                principal: nil, session: nil, lang: lang, formToken: existing, newFormCookie: nil, here: here,
                today: today, secureCookies: web.secureCookies)
        }
        var generator = SystemRandomNumberGenerator()
        let fresh = String(Digits.hex((0..<20).map { _ in UInt8.random(in: 0...255, using: &generator) }).prefix(40))
        return Viewer(
            principal: nil, session: nil, lang: lang, formToken: fresh, newFormCookie: fresh, here: here, today: today,
            secureCookies: web.secureCookies)
    }

    /// The signed-in person, or a redirect to the sign-in page that comes back here.
    static func signedIn(_ request: Request, context: AppContext, web: WebServices) async throws -> (Viewer, Principal)
    {
        let viewer = try await find(request, context: context, web: web)
        guard let principal = viewer.principal else {
            throw PageRedirect(to: .signIn(next: request.method == .get ? viewer.here : nil))
        }
        return (viewer, principal)
    }

    func t(_ zh: String, _ en: String) -> String { lang.t(zh, en) }

    /// Cookies every response to this viewer sets.
    var cookies: [Cookie] {
        newFormCookie.map { [Self.cookie(Self.formCookie, $0, secure: secureCookies)] } ?? []
    }

    static func cookie(_ name: String, _ value: String, secure: Bool, maxAge: Int? = nil, httpOnly: Bool = true)
        -> Cookie
    {
        Cookie(
            name: name, value: value, maxAge: maxAge, path: "/", secure: secure, httpOnly: httpOnly, sameSite: .lax)
    }
}

/// Thrown by a page handler to answer with a redirect (303: the browser follows with a GET).
struct PageRedirect: Error {
    let location: String
    var cookies: [Cookie] = []

    init(to route: PageRoute, cookies: [Cookie] = []) {
        self.location = route.href
        self.cookies = cookies
    }

    init(location: String, cookies: [Cookie] = []) {
        self.location = location
        self.cookies = cookies
    }

    var response: Response {
        var response = Response(status: .seeOther)
        response.headers[.location] = location
        for cookie in cookies { response.setCookie(cookie) }
        return response
    }
}
