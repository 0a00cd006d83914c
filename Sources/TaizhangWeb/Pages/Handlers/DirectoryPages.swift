import Foundation
import Hummingbird
import TaizhangApp
import TaizhangDomain
import TaizhangStorage

/// Units (the tree, each with its counts; a page per unit) and campaigns.
struct DirectoryPages {
    let web: WebServices

    /// GET /units — the roots of the person's scope and the units right below them.
    func units(_ request: Request, context: AppContext) async throws -> Response {
        let (viewer, principal) = try await Viewer.signedIn(request, context: context, web: web)
        var tree: [(OrgUnit, Int)] = []
        for root in try await web.directory.units(under: nil, as: principal) {
            tree.append((root, 0))
            for child in try await web.directory.units(under: root.id, as: principal) { tree.append((child, 1)) }
        }
        return DirectoryView.units(
            viewer, rows: try await withCounts(tree, principal), title: viewer.t("单位", "Units"), parent: nil)
    }

    /// GET /units/{id} — one unit: its counts and the units below it.
    func unit(_ request: Request, context: AppContext) async throws -> Response {
        let (viewer, principal) = try await Viewer.signedIn(request, context: context, web: web)
        let unit = try await web.directory.unit(try context.id(), as: principal)
        var tree: [(OrgUnit, Int)] = [(unit, 0)]
        for child in try await web.directory.units(under: unit.id, as: principal) { tree.append((child, 1)) }
        return DirectoryView.units(viewer, rows: try await withCounts(tree, principal), title: unit.name, parent: unit)
    }

    /// Each unit of a tree with its counts (one statement for the lot).
    func withCounts(_ tree: [(OrgUnit, Int)], _ principal: Principal) async throws -> [(OrgUnit, Int, ProblemCounts)] {
        let counts = try await web.problems.counts(eachOf: tree.map(\.0.id), campaignID: nil, as: principal)
        return tree.compactMap { unit, depth in counts[unit.id].map { (unit, depth, $0) } }
    }

    /// GET /campaigns
    func campaigns(_ request: Request, context: AppContext) async throws -> Response {
        let (viewer, _) = try await Viewer.signedIn(request, context: context, web: web)
        return DirectoryView.campaigns(viewer, campaigns: try await web.directory.campaigns())
    }

    /// GET /campaigns/{id} — the campaign, its counts in the person's scope, its participants.
    func campaign(_ request: Request, context: AppContext) async throws -> Response {
        let (viewer, principal) = try await Viewer.signedIn(request, context: context, web: web)
        let campaign = try await web.directory.campaign(try context.id())
        let counts = try await web.problems.counts(unitID: nil, campaignID: campaign.id, as: principal)
        var participants: [OrgUnit] = []
        for p in campaign.participants.prefix(200) {
            if let unit = try? await web.directory.unit(p.unitID, as: principal) { participants.append(unit) }
        }
        return DirectoryView.campaign(viewer, campaign: campaign, counts: counts, participants: participants)
    }
}

enum DirectoryView {
    static func units(_ viewer: Viewer, rows: [(OrgUnit, Int, ProblemCounts)], title: String, parent: OrgUnit?)
        -> Response
    {
        let lang = viewer.lang
        let t = viewer.t
        func list(_ unit: OrgUnit, _ states: [ProblemState], overdue: Bool? = nil) -> PageRoute {
            var f = ProblemFilter()
            f.unitID = unit.id
            f.states = states
            f.overdue = overdue
            return .ledger(f)
        }
        let lines = rows.map { unit, depth, c -> HTML in
            """
            <tr class="depth-\(depth)"><th scope="row"><a href="\(PageRoute.unit(unit.id))">\(unit.name)</a> <span class="meta">\(unit.kind.chinese)</span></th>
            <td class="n">\(UI.countLink(c.live, list(unit, []), label: t("问题", "Problems")))</td>
            <td class="n">\(UI.countLink(c.open, list(unit, [.draft, .open, .submitted]), label: t("未销号", "Open")))</td>
            <td class="n">\(UI.countLink(c.byState[.closed, default: 0], list(unit, [.closed]), label: t("已销号", "Closed")))</td>
            <td class="n">\(lang.percent(c.byState[.closed, default: 0], of: c.live))</td>
            <td class="n\(c.overdue > 0 ? " warn" : "")">\(UI.countLink(c.overdue, list(unit, ProblemState.deadlineBinding, overdue: true), label: t("逾期", "Overdue")))</td>
            <td class="no-print"><a href="\(PageRoute.dashboard(unit: unit.id))">\(t("统计", "Dashboard"))</a></td></tr>
            """
        }
        let body: HTML = """
            \(parent.map { p -> HTML in "<p class=\"crumbs\"><a href=\"\(PageRoute.units)\">\(t("单位", "Units"))</a> › \(p.name)</p>" } ?? .empty)
            <h1>\(title)</h1>
            <div class="table-wrap"><table class="units">
            <thead><tr><th scope="col">\(t("单位", "Unit"))</th><th scope="col">\(t("问题", "Problems"))</th><th scope="col">\(t("未销号", "Open"))</th><th scope="col">\(t("已销号", "Closed"))</th><th scope="col">\(t("销号率", "Closure rate"))</th><th scope="col">\(t("逾期", "Overdue"))</th><th scope="col" class="no-print"><span class="sr-only">\(t("链接", "Links"))</span></th></tr></thead>
            <tbody>\(lines)</tbody></table></div>
            """
        return Layout.page(viewer, title: title, section: .units, body: body)
    }

    static func campaigns(_ viewer: Viewer, campaigns: [Campaign]) -> Response {
        let lang = viewer.lang
        let t = viewer.t
        let rows = campaigns.map { c -> HTML in
            """
            <tr><th scope="row"><a href="\(PageRoute.campaign(c.id))">\(c.name)</a></th><td>\(c.code)</td>
            <td>\(lang.date(c.startsOn))</td><td>\(lang.date(c.endsOn))</td><td class="n">\(c.participants.count)</td></tr>
            """
        }
        let body: HTML = """
            <h1>\(t("专项行动", "Campaigns"))</h1>
            <div class="table-wrap"><table><thead><tr><th scope="col">\(t("名称", "Name"))</th><th scope="col">\(t("代号", "Code"))</th><th scope="col">\(t("开始", "Starts"))</th><th scope="col">\(t("结束", "Ends"))</th><th scope="col">\(t("参与单位", "Units"))</th></tr></thead>
            <tbody>\(rows)</tbody></table></div>
            """
        return Layout.page(viewer, title: t("专项行动", "Campaigns"), section: .campaigns, body: body)
    }

    static func campaign(_ viewer: Viewer, campaign c: Campaign, counts: ProblemCounts, participants: [OrgUnit])
        -> Response
    {
        let lang = viewer.lang
        let t = viewer.t
        var all = ProblemFilter()
        all.campaignID = c.id
        let states = ProblemState.allCases.map { s -> HTML in
            var f = all
            f.states = [s]
            return
                "<li><span class=\"label\">\(lang.state(s))</span>\(UI.countLink(counts.byState[s, default: 0], .ledger(f), label: lang.state(s)))</li>"
        }
        let units = participants.map { u -> HTML in "<li><a href=\"\(PageRoute.unit(u.id))\">\(u.name)</a></li>" }
        let body: HTML = """
            <p class="crumbs"><a href="\(PageRoute.campaigns)">\(t("专项行动", "Campaigns"))</a> › \(c.name)</p>
            <h1>\(c.name)</h1>
            <p class="meta">\(c.code) · \(lang.date(c.startsOn)) – \(lang.date(c.endsOn))</p>
            <h2>\(t("本范围内的问题", "Problems in my scope"))</h2>
            <ul class="figures">\(states)</ul>
            <p><a class="btn secondary" href="\(PageRoute.ledger(all))">\(t("查看全部问题", "All its problems"))</a></p>
            <h2>\(t("参与单位", "Participating units"))</h2>
            \(units.isEmpty ? HTML("<p class=\"empty\">—</p>") : "<ul class=\"chips\">\(units)</ul>")
            """
        return Layout.page(viewer, title: c.name, section: .campaigns, body: body)
    }
}
