import Foundation
import Hummingbird
import TaizhangApp
import TaizhangDomain
import TaizhangStorage

/// Administration: the people in the administrator's scope, their grants and sessions; add a
/// person, grant or take away a role, disable or enable, sign someone out everywhere.
struct AdminPages {
    let web: WebServices

    /// GET /admin
    func show(_ request: Request, context: AppContext) async throws -> Response {
        let (viewer, principal) = try await Viewer.signedIn(request, context: context, web: web)
        return try await page(viewer, principal, state: .blank, notice: try request.query("done"))
    }

    func page(
        _ viewer: Viewer, _ principal: Principal, state: FormState, notice: String? = nil,
        token: (user: Int64, value: String)? = nil, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let people = try await web.accounts.people(as: principal)
        // Each person's live tokens (sessions and API tokens), for revoking one by one.
        let tokens = try await web.accounts.liveTokens(of: people, by: principal)
        let units = try await web.unitsToPick(for: principal)
        return AdminView.render(
            viewer, people: people, tokens: tokens, units: units, state: state, notice: notice == "1", token: token,
            status: status)
    }

    /// POST /admin/users/{id} — `do` = disable, enable, revoke-tokens, grant, remove-grant; id 0 with `do` = add.
    func change(_ request: Request, context: AppContext) async throws -> Response {
        let (viewer, principal) = try await Viewer.signedIn(request, context: context, web: web)
        let form = try await Form.read(request, context: context, viewer: viewer)
        let id = try context.id()
        let name = "user-\(id)"
        do {
            let accounts = web.accounts
            switch form["do"] ?? "" {
            case "disable": try await accounts.setDisabled(true, userID: id, by: principal)
            case "enable": try await accounts.setDisabled(false, userID: id, by: principal)
            case "revoke-tokens": try await accounts.revokeTokens(of: id, by: principal)
            case "revoke-token":
                guard let token = form.text("token").flatMap({ Int64($0) }) else { throw DomainError.required("token") }
                try await accounts.revokeTokens(of: id, tokenID: token, by: principal)
            case "create-token":
                // Shown once, in this answer (never in a URL a redirect would leave in the history).
                let token = try await accounts.issueToken(
                    for: id, name: form.text("name") ?? viewer.t("网页创建的令牌", "token made on the admin page"),
                    by: principal)
                return try await page(viewer, principal, state: .blank, token: (id, token))
            case "grant", "remove-grant":
                guard let role = form["role"].flatMap(Role.init(rawValue:)) else { throw DomainError.required("role") }
                guard let unit = form.text("unit").flatMap({ Int64($0) }) else { throw DomainError.required("unit") }
                if form["do"] == "grant" {
                    try await accounts.grant(role, at: unit, to: id, by: principal)
                } else {
                    try await accounts.removeGrant(role, at: unit, from: id, by: principal)
                }
            case "add":
                _ = try await accounts.people(as: principal)  // administrators only
                let user = try await accounts.addUser(
                    login: form.text("login") ?? "", displayName: form.text("displayName") ?? "",
                    password: form["password"] ?? "")
                guard let role = form["role"].flatMap(Role.init(rawValue:)) else { throw DomainError.required("role") }
                guard let unit = form.text("unit").flatMap({ Int64($0) }) else { throw DomainError.required("unit") }
                try await accounts.grant(role, at: unit, to: user.id, by: principal)
            default:
                throw DomainError.required("do")
            }
            throw PageRedirect(location: PageRoute.admin.href + "?done=1")
        } catch let error as DomainError where error.kind != .notFound {
            var values = form.typed
            values["password"] = nil
            return try await page(
                viewer, principal, state: FormState(form: id == 0 ? "add" : name, values: values, error: error),
                status: ProblemDetailsMiddleware.status(for: error.kind))
        }
    }
}

enum AdminView {
    static func render(
        _ viewer: Viewer, people: [UserRepository.Person], tokens: [Int64: [UserRepository.TokenInfo]],
        units: [(unit: OrgUnit, depth: Int)], state: FormState,
        notice: Bool, token: (user: Int64, value: String)?, status: HTTPResponse.Status
    ) -> Response {
        let lang = viewer.lang
        let t = viewer.t
        let unitName = Dictionary(units.map { ($0.unit.id, $0.unit.name) }, uniquingKeysWith: { a, _ in a })
        let roles = Role.allCases.map { (value: $0.rawValue, label: lang.role($0)) }
        let unitOptions = UI.unitOptions(units)
        func button(_ id: Int64, _ action: String, _ label: String, kind: String = "small") -> HTML {
            """
            <form method="post" action="\(PageRoute.adminUser(id))" class="inline">\(Layout.csrf(viewer))<input type="hidden" name="do" value="\(action)">\(UI.submit(label, kind: kind))</form>
            """
        }
        let rows = people.map { p -> HTML in
            let grants = p.grants.map { g -> HTML in
                """
                <li>\(lang.role(g.role)) · \(unitName[g.unitID] ?? "#\(g.unitID)")
                <form method="post" action="\(PageRoute.adminUser(p.id))" class="inline">\(Layout.csrf(viewer))<input type="hidden" name="do" value="remove-grant"><input type="hidden" name="role" value="\(g.role.rawValue)"><input type="hidden" name="unit" value="\(g.unitID)"><button type="submit" class="link" aria-label="\(t("撤销", "Remove")) \(lang.role(g.role))">\(t("撤销", "remove"))</button></form></li>
                """
            }
            let live = (tokens[p.id] ?? []).map { k -> HTML in
                """
                <li>\(k.name) <span class="meta">\(lang.dateTime(k.createdAt))\(k.expiresAt.map { t(" 至 ", " until ") + lang.dateTime($0) } ?? "")</span>
                <form method="post" action="\(PageRoute.adminUser(p.id))" class="inline">\(Layout.csrf(viewer))<input type="hidden" name="do" value="revoke-token"><input type="hidden" name="token" value="\(k.id)"><button type="submit" class="link" aria-label="\(t("撤销令牌", "Revoke token")) \(k.name)">\(t("撤销", "revoke"))</button></form></li>
                """
            }
            let tokenList: HTML =
                live.isEmpty
                ? "<p class=\"meta\">\(t("没有有效的登录或令牌", "No live sessions or tokens"))</p>"
                : "<details><summary>\(t("有效的登录与令牌", "Live sessions and tokens")) (\(live.count))</summary><ul class=\"plain\">\(live)</ul></details>"
            return """
                <tr\(p.disabled ? HTML(" class=\"disabled\"") : "")><th scope="row">\(p.displayName)<br><span class="meta">\(p.login)</span></th>
                <td><ul class="plain">\(grants)</ul></td>
                <td>\(p.disabled ? t("已停用", "Disabled") : t("正常", "Active"))\(tokenList)</td>
                <td class="no-print">\(p.disabled ? button(p.id, "enable", t("启用", "Enable")) : button(p.id, "disable", t("停用", "Disable"), kind: "small danger")) \(button(p.id, "revoke-tokens", t("退出所有登录", "Sign out everywhere"))) \(button(p.id, "create-token", t("新建 API 令牌", "New API token")))
                \(token?.user == p.id ? HTML("<p class=\"notice\" role=\"status\">\(t("新令牌（只显示这一次，请妥善保存）：", "New token (shown this once; keep it safe): "))<code class=\"token\">\(token?.value ?? "")</code></p>") : "")
                \(UI.alert(state.general(in: "user-\(p.id)", fields: [], lang)))</td></tr>
                """
        }
        let body: HTML = """
            <h1>\(t("用户与权限", "Users and grants"))</h1>
            \(UI.notice(notice ? t("已保存。", "Saved.") : nil))
            <div class="table-wrap"><table class="people">
            <thead><tr><th scope="col">\(t("用户", "User"))</th><th scope="col">\(t("角色与单位", "Roles"))</th><th scope="col">\(t("状态", "Status"))</th><th scope="col" class="no-print">\(t("操作", "Actions"))</th></tr></thead>
            <tbody>\(rows)</tbody></table></div>
            <form method="post" action="\(PageRoute.adminUser(0))" class="card form-grid no-print">
            <h2>\(t("新增用户", "Add a person"))</h2>
            \(Layout.csrf(viewer))<input type="hidden" name="do" value="add">
            \(UI.alert(state.general(in: "add", fields: ["login", "displayName", "password"], lang)))
            \(UI.input(label: t("登录名", "Login"), name: "login", value: state.value("login", in: "add"), error: state.message("login", in: "add", lang), required: true))
            \(UI.input(label: t("姓名", "Name"), name: "displayName", value: state.value("displayName", in: "add"), error: state.message("displayName", in: "add", lang)))
            \(UI.input(label: t("初始密码（至少 8 位）", "Initial password (8+ characters)"), name: "password", value: nil, error: state.message("password", in: "add", lang), type: "password", required: true, autocomplete: "new-password"))
            \(UI.select(label: t("角色", "Role"), name: "role", options: roles, selected: state.value("role", in: "add"), error: nil))
            \(UI.select(label: t("单位", "Unit"), name: "unit", options: unitOptions, selected: state.value("unit", in: "add"), error: nil))
            <div class="buttons">\(UI.submit(t("新增", "Add")))</div>
            </form>
            """
        return Layout.page(viewer, title: t("管理", "Admin"), section: .admin, status: status, body: body)
    }
}
