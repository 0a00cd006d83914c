import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import TaizhangApp
import TaizhangDomain
import TaizhangStorage
import TestSupport
import Testing

@testable import TaizhangWeb

/// The pages through the real router: sessions, form tokens, headers, escaping and scope. (The
/// browser suite in tests/browser drives the same pages in Chromium.)
@Suite struct PagesTests {
    struct Page: Sendable {
        let status: Int
        let headers: HTTPFields
        let body: String
        var location: String? { headers[.location] }
    }

    /// Sends a page request with the session of `login` (its test token is a session like any other).
    static func page(
        _ client: any TestClientProtocol, _ method: HTTPRequest.Method, _ uri: String, as login: String?,
        in ledger: Ledger, form: [(String, String)]? = nil, token: Bool = true, cookies: [String] = []
    ) async throws -> Page {
        var headers = HTTPFields()
        var jar = cookies
        let session = login.flatMap { ledger.tokens[$0] }
        if let session { jar.append("tz_session=\(session)") }
        if !jar.isEmpty { headers[.cookie] = jar.joined(separator: "; ") }
        var body: ByteBuffer?
        if var fields = form {
            if token, let session { fields.append(("_csrf", UserRepository.formToken(session: session))) }
            headers[.contentType] = "application/x-www-form-urlencoded"
            body = ByteBuffer(
                string: fields.map { "\($0.0)=\(PageRoute.encode($0.1))" }.joined(separator: "&"))
        }
        return try await client.execute(uri: uri, method: method, headers: headers, body: body) { response in
            Page(
                status: Int(response.status.code), headers: response.headers,
                body: String(buffer: response.body))
        }
    }

    @Test func everyPageAsksForASessionAndThenRendersHTMLUnderAStrictPolicy() async throws {
        try await withAPI { ledger, client in
            let p = try await ledger.draft()
            let pages: [PageRoute] = [
                .home, .ledger(ProblemFilter()), .problem(p.id), .newProblem, .editProblem(p.id),
                .dashboard(unit: nil), .dashboard(unit: ledger.cityA.id), .units, .unit(ledger.cityA.id), .campaigns,
                .campaign(ledger.campaign.id), .reports, .rounds,
            ]
            for route in pages {
                let anonymous = try await Self.page(client, .get, route.href, as: nil, in: ledger)
                #expect(anonymous.status == 303, "\(route.href)")
                #expect(anonymous.location == PageRoute.signIn(next: route.href).href, "\(route.href)")
                let page = try await Self.page(client, .get, route.href, as: "office", in: ledger)
                #expect(page.status == 200, "\(route.href): \(page.status) \(page.body.prefix(300))")
                #expect(page.headers[.contentType] == "text/html; charset=utf-8")
                let policy = page.headers[.contentSecurityPolicy] ?? ""
                #expect(policy.contains("script-src 'self'") && !policy.contains("unsafe-inline"), "\(route.href)")
                #expect(policy.contains("frame-ancestors 'none'"))
                #expect(page.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff")
                #expect(page.body.hasPrefix("<!doctype html>"))
                #expect(!page.body.contains("<script>"), "no inline script on \(route.href)")
            }
        }
    }

    @Test func aFormWithoutItsTokenChangesNothing() async throws {
        try await withAPI { ledger, client in
            let p = try await ledger.draft()
            let before = try await ledger.auditEventCount()
            let uri = PageRoute.act(p.id, .claim).href
            let missing = try await Self.page(
                client, .post, uri, as: "liaisonA1", in: ledger, form: [("version", "\(p.version)")], token: false)
            #expect(missing.status == 403)
            let forged = try await Self.page(
                client, .post, uri, as: "liaisonA1", in: ledger,
                form: [("version", "\(p.version)"), ("_csrf", String(repeating: "0", count: 40))], token: false)
            #expect(forged.status == 403)
            // Another person's token does not do either.
            let other = UserRepository.formToken(session: ledger.tokens["office"]!)
            let borrowed = try await Self.page(
                client, .post, uri, as: "liaisonA1", in: ledger, form: [("version", "\(p.version)"), ("_csrf", other)],
                token: false)
            #expect(borrowed.status == 403)
            #expect(try await ledger.auditEventCount() == before)
            let real = try await Self.page(
                client, .post, uri, as: "liaisonA1", in: ledger, form: [("version", "\(p.version)")])
            #expect(real.status == 303)
            #expect(try await ledger.problems.problem(p.id, for: ledger.office).state == .open)
        }
    }

    @Test func valuesPeopleTypedAreEscapedEverywhere() async throws {
        try await withAPI { ledger, client in
            let evil = "<script>alert(1)</script>\"'&"
            let p = try await ledger.draft(title: "标题" + evil)
            for uri in [PageRoute.problem(p.id).href, PageRoute.ledger(ProblemFilter()).href] {
                let page = try await Self.page(client, .get, uri, as: "office", in: ledger)
                #expect(!page.body.contains(evil), "\(uri)")
                #expect(page.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;"), "\(uri)")
            }
            var filter = ProblemFilter()
            filter.text = evil
            let search = try await Self.page(client, .get, PageRoute.ledger(filter).href, as: "office", in: ledger)
            #expect(search.status == 200)
            #expect(!search.body.contains(evil))
        }
    }

    @Test func aSiblingCountySeesNothingOfTheProblem() async throws {
        try await withAPI { ledger, client in
            let p = try await ledger.draft(title: "只属于清徐县的问题")
            let page = try await Self.page(client, .get, PageRoute.problem(p.id).href, as: "liaisonA2", in: ledger)
            #expect(page.status == 404)
            #expect(!page.body.contains("只属于清徐县的问题"))
            let post = try await Self.page(
                client, .post, PageRoute.addNote(p.id).href, as: "liaisonA2", in: ledger, form: [("text", "越权")])
            #expect(post.status == 404)
            let ledgerPage = try await Self.page(
                client, .get, PageRoute.ledger(ProblemFilter()).href, as: "liaisonA2", in: ledger)
            #expect(!ledgerPage.body.contains("只属于清徐县的问题"))
        }
    }

    @Test func signInSetsAStrictSessionCookieAndThrottlesGuessing() async throws {
        try await withAPI { ledger, client in
            _ = try await ledger.services.accountCases.addUser(
                login: "web", displayName: "网页用户", password: "secret-pass")
            // The sign-in form's token is the anonymous cookie's value.
            let cookie = "tz_form=" + String(repeating: "a", count: 40)
            func signIn(_ password: String, next: String = "/ledger") async throws -> Page {
                try await Self.page(
                    client, .post, PageRoute.signIn(next: nil).href, as: nil, in: ledger,
                    form: [
                        ("login", "web"), ("password", password), ("next", next),
                        ("_csrf", String(repeating: "a", count: 40)),
                    ], cookies: [cookie])
            }
            let ok = try await signIn("secret-pass")
            #expect(ok.status == 303)
            #expect(ok.location == "/ledger")
            let set = ok.headers[values: .setCookie].first { $0.hasPrefix("tz_session=") } ?? ""
            #expect(set.contains("HttpOnly") && set.contains("SameSite=Lax") && set.contains("Path=/"))
            #expect(!set.contains("Secure"), "plain HTTP on loopback: not Secure unless told")
            // Away from this site after sign-in: never.
            let offsite = try await signIn("secret-pass", next: "//evil.example/")
            #expect(offsite.location == "/")
            // Wrong passwords: a message beside the password field, then a lock with a clear message.
            let wrong = try await signIn("nope")
            #expect(wrong.status == 401)
            #expect(wrong.body.contains("登录名或密码错误"))
            #expect(wrong.body.contains("value=\"web\""), "the login typed is kept")
            var last = wrong
            for _ in 0..<SignInThrottle.perLogin { last = try await signIn("nope") }
            #expect(last.status == 429)
            #expect(last.body.contains("登录失败次数过多"))
            // Without the anonymous token the form is refused.
            let forged = try await Self.page(
                client, .post, PageRoute.signIn(next: nil).href, as: nil, in: ledger,
                form: [("login", "web"), ("password", "secret-pass")], cookies: [])
            #expect(forged.status == 403)
        }
    }

    @Test func aDisabledPersonAndASignedOutSessionAreLockedOutAtOnce() async throws {
        try await withAPI { ledger, client in
            #expect(try await Self.page(client, .get, "/", as: "liaisonA1", in: ledger).status == 200)
            try await ledger.services.accountCases.setDisabled(true, userID: ledger.liaisonA1.userID, by: nil)
            let after = try await Self.page(client, .get, "/", as: "liaisonA1", in: ledger)
            #expect(after.status == 303)
            #expect(after.location?.hasPrefix(PageRoute.signIn(next: nil).href) == true)

            let out = try await Self.page(client, .post, PageRoute.signOut.href, as: "office", in: ledger, form: [])
            #expect(out.status == 303)
            #expect(try await Self.page(client, .get, "/", as: "office", in: ledger).status == 303)
        }
    }

    /// A password sign-in ends by age; a token an administrator issued for a script does not.
    @Test func aSessionEndsByAgeAndTheBrowserIsToldHowLongItLasts() async throws {
        try await withAPI { ledger, client in
            _ = try await ledger.services.accountCases.addUser(
                login: "web", displayName: "网页用户", password: "secret-pass")
            let signedIn = try await ledger.services.accountCases.signInToWeb(
                login: "web", password: "secret-pass", from: nil)
            func home() async throws -> Page {
                try await client.execute(
                    uri: "/", method: .get, headers: [.cookie: "tz_session=\(signedIn.token)"]
                ) { Page(status: Int($0.status.code), headers: $0.headers, body: String(buffer: $0.body)) }
            }
            #expect(try await home().status == 200)
            let listed = try await ledger.services.users.tokens(of: signedIn.userID)
            let ends = try #require(listed.first?.expiresAt)
            #expect(ends.timeIntervalSince(ledger.clock.now()) == Double(SessionLifetime.seconds))

            ledger.clock.advance(days: 1)
            let after = try await home()
            #expect(after.status == 303, "a session older than its lifetime is sent to sign in")
            #expect(after.location?.hasPrefix(PageRoute.signIn(next: nil).href) == true)
            #expect(try await Self.page(client, .get, "/", as: "office", in: ledger).status == 200)

            // The cookie itself says how long it lasts.
            let cookie = "tz_form=" + String(repeating: "a", count: 40)
            let again = try await Self.page(
                client, .post, PageRoute.signIn(next: nil).href, as: nil, in: ledger,
                form: [("login", "web"), ("password", "secret-pass"), ("_csrf", String(repeating: "a", count: 40))],
                cookies: [cookie])
            let set = again.headers[values: .setCookie].first { $0.hasPrefix("tz_session=") } ?? ""
            #expect(set.contains("Max-Age=\(SessionLifetime.seconds)"))
        }
    }

    @Test func aStaleEditIsToldAndUndoesNothing() async throws {
        try await withAPI { ledger, client in
            let p = try await ledger.draft()
            let fields = ProblemFormPages.values(of: p)
            var form = ProblemFormPages.fields.map { ($0, fields[$0] ?? "") }
            form += ProblemFormPages.fields.map { ("orig-" + $0, fields[$0] ?? "") }
            form.append(("version", "\(p.version)"))
            // Someone else saves first.
            var patch = ProblemPatch()
            patch.responsiblePerson = "王五"
            _ = try await ledger.problems.update(p.id, version: p.version, patch: patch, by: ledger.office)
            // This person changed the category only.
            form = form.map { $0.0 == "category" ? ("category", "民生保障") : $0 }
            let page = try await Self.page(
                client, .post, PageRoute.editProblem(p.id).href, as: "office", in: ledger, form: form)
            #expect(page.status == 409)
            #expect(page.body.contains("他人已修改"))
            #expect(page.body.contains("王五"))
            #expect(page.body.contains("value=\"民生保障\""))
            let now = try await ledger.problems.problem(p.id, for: ledger.office)
            #expect(now.responsiblePerson == "王五" && now.category != "民生保障")
        }
    }

    @Test func routesAreBuiltFromTheirPatterns() {
        #expect(PageRoute.problem(12).href == "/problems/12")
        #expect(PageRoute.measureDone(problem: 3, measure: 4).href == "/problems/3/measures/4/done")
        #expect(
            PageRoute.decideDeadline(problem: 1, change: 2, approve: false).href
                == "/problems/1/deadline-changes/2/reject")
        var filter = ProblemFilter()
        filter.text = "低保 &=?#"
        filter.states = [.open, .submitted]
        #expect(PageRoute.ledger(filter).href == "/ledger?q=%E4%BD%8E%E4%BF%9D%20%26%3D%3F%23&state=open%2Csubmitted")
        #expect(PageRoute.safeNext("/\\evil") == "/")
        #expect(PageRoute.safeNext("https://evil") == "/")
        let html: HTML = "<p title=\"\("\"><x>")\">\("a&b")</p>"
        #expect(html.description == "<p title=\"&quot;&gt;&lt;x&gt;\">a&amp;b</p>")
    }
}
