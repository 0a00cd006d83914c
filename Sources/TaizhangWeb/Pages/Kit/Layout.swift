import Foundation
import Hummingbird
import TaizhangDomain

/// The frame of every page: head, skip link, navigation, who is signed in, the language switch.
enum Layout {
    enum Section: Sendable { case work, ledger, dashboard, rounds, reports, units, campaigns, admin, none }

    static func page(
        _ viewer: Viewer, title: String, section: Section, status: HTTPResponse.Status = .ok, cookies: [Cookie] = [],
        body: HTML
    ) -> Response {
        let html: HTML = """
            <!doctype html>
            <html lang="\(viewer.lang.htmlLang)">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(title) · \(viewer.t("台账", "Taizhang"))</title>
            <link rel="stylesheet" href="\(PageRoute.asset("app.css"))">
            <script src="\(PageRoute.asset("app.js"))" defer></script>
            </head>
            <body>
            <a class="skip" href="#main">\(viewer.t("跳到正文", "Skip to content"))</a>
            <header class="top">
            <a class="brand" href="\(PageRoute.home)">\(viewer.t("整改台账", "Taizhang"))</a>
            \(navigation(viewer, section))
            \(account(viewer))
            </header>
            <main id="main" tabindex="-1">
            \(body)
            </main>
            <footer class="foot"><p>\(viewer.t("整改台账 · 时间均为北京时间", "Taizhang · times are China Standard Time"))</p></footer>
            </body>
            </html>
            """
        return respond(html, status: status, cookies: viewer.cookies + cookies)
    }

    static func respond(_ html: HTML, status: HTTPResponse.Status = .ok, cookies: [Cookie] = []) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        var response = Response(
            status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html.description)))
        for cookie in cookies { response.setCookie(cookie) }
        return response
    }

    static func navigation(_ viewer: Viewer, _ section: Section) -> HTML {
        guard let principal = viewer.principal else { return .empty }
        var items: [(Section, PageRoute, String)] = [
            (.work, .home, viewer.t("我的待办", "My work")),
            (.ledger, .ledger(ProblemFilter()), viewer.t("台账", "Ledger")),
            (.dashboard, .dashboard(unit: nil), viewer.t("统计", "Dashboard")),
            (.rounds, .rounds, viewer.t("月调度", "Rounds")),
            (.reports, .reports, viewer.t("简报", "Reports")),
            (.units, .units, viewer.t("单位", "Units")),
            (.campaigns, .campaigns, viewer.t("专项行动", "Campaigns")),
        ]
        if principal.grants.contains(where: { $0.role == .admin }) {
            items.append((.admin, .admin, viewer.t("管理", "Admin")))
        }
        let links = items.map { item -> HTML in
            let current: HTML = item.0 == section ? " aria-current=\"page\"" : ""
            return "<li><a href=\"\(item.1)\"\(current)>\(item.2)</a></li>"
        }
        return "<nav class=\"main-nav\" aria-label=\"\(viewer.t("主导航", "Main"))\"><ul>\(links)</ul></nav>"
    }

    static func account(_ viewer: Viewer) -> HTML {
        let other: Lang = viewer.lang == .zh ? .en : .zh
        let switchLabel = other == .en ? "English" : "中文"
        let language: HTML = """
            <form method="post" action="\(PageRoute.language)" class="inline">
            \(csrf(viewer))<input type="hidden" name="next" value="\(viewer.here)">
            <button type="submit" name="lang" value="\(other.rawValue)" lang="\(other.htmlLang)" class="link">\(switchLabel)</button>
            </form>
            """
        guard let principal = viewer.principal else { return "<div class=\"account\">\(language)</div>" }
        return """
            <div class="account">
            <span class="who">\(principal.name)</span>
            \(language)
            <form method="post" action="\(PageRoute.signOut)" class="inline">\(csrf(viewer))<button type="submit" class="link">\(viewer.t("退出", "Sign out"))</button></form>
            </div>
            """
    }

    /// The hidden form-token field every form carries.
    static func csrf(_ viewer: Viewer) -> HTML {
        "<input type=\"hidden\" name=\"\(Form.tokenField)\" value=\"\(viewer.formToken)\">"
    }
}
