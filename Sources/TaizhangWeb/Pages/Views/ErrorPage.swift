import Foundation
import Hummingbird
import TaizhangDomain
import TaizhangStorage

/// An error on a page: the message in the reader's language and a way back. A page that needs a
/// session sends the person to sign in and back here afterwards.
enum ErrorPage {
    static func response(for error: DomainError, status: HTTPResponse.Status, request: Request) -> Response {
        if error.kind == .unauthenticated, request.method == .get {
            return PageRedirect(to: .signIn(next: request.uri.description)).response
        }
        let lang = request.cookies[Lang.cookie].flatMap { Lang(rawValue: $0.value) } ?? .zh
        let title: String
        switch status {
        case .notFound:
            title = lang.t("找不到这个页面", "Not found")
        case .forbidden:
            title = lang.t("无权进行此操作", "Not allowed")
        default:
            title = lang.t("出错了", "Something went wrong")
        }
        // A missing problem and one outside the reader's scope look the same: nothing leaks.
        let message =
            status == .notFound && error.code == "no_route"
            ? lang.t("地址有误，或该页面已不存在。", "The address is wrong, or the page no longer exists.")
            : lang.message(error)
        let html: HTML = """
            <!doctype html>
            <html lang="\(lang.htmlLang)">
            <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(title) · \(lang.t("台账", "Taizhang"))</title>
            <link rel="stylesheet" href="\(PageRoute.asset("app.css"))"></head>
            <body>
            <header class="top"><a class="brand" href="\(PageRoute.home)">\(lang.t("整改台账", "Taizhang"))</a></header>
            <main id="main" class="error-page">
            <h1>\(title)</h1>
            <p>\(message)</p>
            <p class="code">\(status.code) · \(error.code)</p>
            <p><a href="\(PageRoute.home)">\(lang.t("返回我的待办", "Back to My work"))</a></p>
            </main>
            </body>
            </html>
            """
        var response = Layout.respond(html, status: status)
        if let wait = error.retryAfter { response.headers[.retryAfter] = String(wait) }
        return response
    }
}
