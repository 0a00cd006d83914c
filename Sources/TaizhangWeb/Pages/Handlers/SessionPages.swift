import Foundation
import Hummingbird
import TaizhangApp
import TaizhangDomain
import TaizhangStorage

/// Signing in and out, and choosing the language.
struct SessionPages {
    let web: WebServices

    /// GET /sign-in
    func form(_ request: Request, context: AppContext) async throws -> Response {
        let viewer = try await Viewer.find(request, context: context, web: web)
        if viewer.principal != nil { throw PageRedirect(location: PageRoute.safeNext(try request.query("next"))) }
        return SignInView.render(viewer, next: try? request.query("next"), state: .blank)
    }

    /// POST /sign-in
    func signIn(_ request: Request, context: AppContext) async throws -> Response {
        let viewer = try await Viewer.find(request, context: context, web: web)
        let form = try await Form.read(request, context: context, viewer: viewer)
        let next = PageRoute.safeNext(form["next"])
        do {
            let signedIn = try await web.accounts.signInToWeb(
                login: form.text("login") ?? "", password: form["password"] ?? "", from: context.remoteAddress)
            // A new session after sign-in: whatever token was in the cookie before is not reused.
            throw PageRedirect(
                location: next,
                cookies: [
                    Viewer.cookie(
                        Viewer.sessionCookie, signedIn.token, secure: web.secureCookies,
                        maxAge: SessionLifetime.seconds)
                ])
        } catch let error as DomainError {
            var state = FormState(form: "sign-in", values: ["login": form["login"] ?? ""], error: error)
            if error.field == nil && error.code == "bad_credentials" { state.error?.field = "password" }
            let status: HTTPResponse.Status = error.kind == .tooManyRequests ? .tooManyRequests : .unauthorized
            return SignInView.render(viewer, next: next, state: state, status: status)
        }
    }

    /// POST /sign-out — the session stops working at once, on every server.
    func signOut(_ request: Request, context: AppContext) async throws -> Response {
        let (viewer, principal) = try await Viewer.signedIn(request, context: context, web: web)
        _ = try await Form.read(request, context: context, viewer: viewer)
        if let session = viewer.session { try await web.accounts.signOut(token: session, by: principal) }
        throw PageRedirect(
            to: .signIn(next: nil),
            cookies: [Viewer.cookie(Viewer.sessionCookie, "", secure: web.secureCookies, maxAge: 0)])
    }

    /// POST /language — remembered in a cookie for a year.
    func language(_ request: Request, context: AppContext) async throws -> Response {
        let viewer = try await Viewer.find(request, context: context, web: web)
        let form = try await Form.read(request, context: context, viewer: viewer)
        let lang = form["lang"].flatMap(Lang.init(rawValue:)) ?? .zh
        throw PageRedirect(
            location: PageRoute.safeNext(form["next"]),
            cookies: [
                Viewer.cookie(Lang.cookie, lang.rawValue, secure: web.secureCookies, maxAge: 365 * 24 * 3600)
            ] + viewer.cookies)
    }
}

enum SignInView {
    static func render(
        _ viewer: Viewer, next: String?, state: FormState, status: HTTPResponse.Status = .ok
    ) -> Response {
        let lang = viewer.lang
        let body: HTML = """
            <div class="sign-in">
            <h1>\(viewer.t("登录整改台账", "Sign in to Taizhang"))</h1>
            <p class="lead">\(viewer.t("问题清单、整改措施、销号和回头看，一本台账管到底。", "Problems, measures, closure and review, in one ledger."))</p>
            \(UI.alert(state.general(in: "sign-in", fields: ["login", "password"], lang)))
            <form method="post" action="\(PageRoute.signIn(next: nil))" class="card">
            \(Layout.csrf(viewer))
            <input type="hidden" name="next" value="\(next ?? "")">
            \(UI.input(label: viewer.t("登录名", "Login"), name: "login", value: state.value("login", in: "sign-in"), error: state.message("login", in: "sign-in", lang), required: true, autocomplete: "username"))
            \(UI.input(label: viewer.t("密码", "Password"), name: "password", value: nil, error: state.message("password", in: "sign-in", lang), type: "password", required: true, autocomplete: "current-password"))
            \(UI.submit(viewer.t("登录", "Sign in")))
            </form>
            </div>
            """
        return Layout.page(viewer, title: viewer.t("登录", "Sign in"), section: .none, status: status, body: body)
    }
}
