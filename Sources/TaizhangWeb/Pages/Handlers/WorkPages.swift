import Foundation
import Hummingbird
import TaizhangApp
import TaizhangDomain
import TaizhangStorage

/// My work (待办), the home page: what waits for this person now, by the roles they hold.
struct WorkPages {
    let web: WebServices
    /// How far ahead "due soon" looks.
    static let dueSoonDays = 14

    struct Item: Sendable {
        let label: String
        let count: Int
        let route: PageRoute
        let urgent: Bool
    }

    struct Group: Sendable {
        let title: String
        let items: [Item]
    }

    /// GET /
    func home(_ request: Request, context: AppContext) async throws -> Response {
        let (viewer, principal) = try await Viewer.signedIn(request, context: context, web: web)
        var groups: [Group] = []
        // One group per unit the person holds a role for (most hold one).
        var seen = Set<Int64>()
        for grant in principal.grants where seen.insert(grant.unitID).inserted {
            let roles = Set(principal.grants.filter { $0.unitID == grant.unitID }.map(\.role))
            guard let unit = try? await web.directory.unit(grant.unitID, as: principal) else { continue }
            let counts = try await web.problems.counts(unitID: grant.unitID, campaignID: nil, as: principal)
            groups.append(
                Group(
                    title: unit.name + " · " + roles.map { viewer.lang.role($0) }.sorted().joined(separator: "、"),
                    items: try await items(
                        for: roles, unit: unit.id, counts: counts, viewer: viewer, principal: principal)
                        + rounds(for: roles, at: unit, viewer: viewer)))
        }
        return WorkView.render(viewer, principal: principal, groups: groups)
    }

    func items(
        for roles: Set<Role>, unit: Int64, counts: ProblemCounts, viewer: Viewer, principal: Principal
    ) async throws -> [Item] {
        func list(_ states: [ProblemState], overdue: Bool? = nil) -> PageRoute {
            var filter = ProblemFilter()
            filter.unitID = unit
            filter.states = states
            filter.overdue = overdue
            return .ledger(filter)
        }
        var items: [Item] = []
        let t = viewer.t
        if !roles.isDisjoint(with: [.liaison, .unitLeader, .office]) {
            items.append(
                Item(
                    label: t("待认领的问题", "Problems to claim"), count: counts.byState[.draft, default: 0],
                    route: list([.draft]), urgent: counts.byState[.draft, default: 0] > 0))
        }
        if !roles.isDisjoint(with: [.office, .supervision]) {
            items.append(
                Item(
                    label: t("待审核的销号申请", "Closure requests to verify"),
                    count: counts.byState[.submitted, default: 0], route: list([.submitted]),
                    urgent: counts.byState[.submitted, default: 0] > 0))
        }
        if !roles.isDisjoint(with: Policy.decideDeadlineChange) {
            let pending = try await web.deadlines.pending(unitID: unit, limit: 0, as: principal).total
            items.append(
                Item(
                    label: t("待审批的时限调整", "Deadline changes to decide"), count: pending,
                    route: .pendingDeadlines(unit: unit), urgent: pending > 0))
        }
        if roles.contains(.unitLeader) || roles.contains(.liaison) {
            items.append(
                Item(
                    label: t("整改中（完成后申请销号）", "In progress (request closure when done)"),
                    count: counts.byState[.open, default: 0], route: list([.open]), urgent: false))
            items.append(
                Item(
                    label: t("已申请销号、待审核", "Closure requested, awaiting verification"),
                    count: counts.byState[.submitted, default: 0], route: list([.submitted]),
                    urgent: false))
        }
        // Due soon: counted from the deadline counters, like the overdue count.
        var soon = ProblemFilter()
        soon.unitID = unit
        soon.states = ProblemState.deadlineBinding
        soon.deadlineFrom = viewer.today
        soon.deadlineTo = viewer.today.adding(days: Self.dueSoonDays)
        let due = try await web.problems.dueBetween(soon.deadlineFrom!, soon.deadlineTo!, unitID: unit, as: principal)
        items.append(
            Item(
                label: t("\(Self.dueSoonDays) 天内到期", "Due within \(Self.dueSoonDays) days"), count: due,
                route: .ledger(soon), urgent: due > 0))
        items.append(
            Item(
                label: t("已逾期", "Overdue"), count: counts.overdue,
                route: list(ProblemState.deadlineBinding, overdue: true), urgent: counts.overdue > 0))
        return items
    }
}

extension WorkPages {
    /// Returns this unit still owes in monthly rounds (for its liaison and leader), and filed
    /// returns to decide in rounds opened here (for the office and supervision team).
    func rounds(for roles: Set<Role>, at unit: OrgUnit, viewer: Viewer) async throws -> [Item] {
        let waiting = try await web.rounds.waiting(at: unit, roles: roles)
        var items: [Item] = []
        if let owed = waiting.toFile {
            items.append(
                Item(
                    label: viewer.t("待报送的月调度", "Monthly returns to file"), count: owed, route: .rounds,
                    urgent: owed > 0))
        }
        if let filed = waiting.toDecide {
            items.append(
                Item(
                    label: viewer.t("待审核的月调度报送", "Monthly returns to decide"), count: filed, route: .rounds,
                    urgent: filed > 0))
        }
        return items
    }

    /// GET /deadline-changes[?unit=] — deadline changes waiting for a decision, decided from the list.
    func pendingDeadlines(_ request: Request, context: AppContext) async throws -> Response {
        let (viewer, principal) = try await Viewer.signedIn(request, context: context, web: web)
        let unit = try request.queryInt("unit")
        let pending = try await web.deadlines.pending(unitID: unit, limit: 100, as: principal)
        let units = try await web.problems.units(of: pending.items.map(\.problem))
        return PendingDeadlinesView.render(viewer, principal: principal, pending: pending, units: units)
    }
}

enum PendingDeadlinesView {
    static func render(
        _ viewer: Viewer, principal: Principal, pending: (items: [PendingDeadlineChange], total: Int),
        units: [Int64: OrgUnit]
    ) -> Response {
        let lang = viewer.lang
        let t = viewer.t
        let rows = pending.items.map { item -> HTML in
            let p = item.problem
            let c = item.change
            let decides = principal.holds(Policy.decideDeadlineChange, at: p.unitPath)
            func decide(_ approve: Bool) -> HTML {
                """
                <form method="post" action="\(PageRoute.decideDeadline(problem: p.id, change: c.id, approve: approve))" class="inline">\(Layout.csrf(viewer))<input type="hidden" name="version" value="\(p.version)"><input type="hidden" name="back" value="\(viewer.here)">\(UI.submit(approve ? t("批准", "Approve") : t("不批准", "Reject"), kind: approve ? "small" : "small danger"))</form>
                """
            }
            return """
                <tr><td class="num">\(p.number)</td><td><a href="\(PageRoute.problem(p.id))#deadlines">\(p.title)</a></td>
                <td>\(units[p.leadUnitID]?.name ?? "")</td>
                <td class="date">\(lang.date(c.oldDeadline)) → <strong>\(lang.date(c.newDeadline))</strong></td>
                <td>\(c.reason)</td><td class="no-print">\(decides ? HTML("\(decide(true)) \(decide(false))") : "")</td></tr>
                """
        }
        let body: HTML = """
            <h1>\(t("待审批的时限调整", "Deadline changes to decide"))</h1>
            <p class="lead">\(t("共 \(pending.total) 项", "\(pending.total) in all"))\(pending.total > pending.items.count ? t("，显示最新的 \(pending.items.count) 项", "; the newest \(pending.items.count) shown") : "")</p>
            \(rows.isEmpty ? HTML("<p class=\"empty\">\(t("没有待审批的时限调整。", "Nothing to decide."))</p>") : """
            <div class="table-wrap"><table><thead><tr><th scope="col">\(t("编号", "No."))</th><th scope="col">\(t("问题", "Problem"))</th><th scope="col">\(t("责任单位", "Lead unit"))</th><th scope="col">\(t("时限", "Deadline"))</th><th scope="col">\(t("理由", "Reason"))</th><th scope="col" class="no-print">\(t("审批", "Decide"))</th></tr></thead><tbody>\(rows)</tbody></table></div>
            """)
            """
        return Layout.page(viewer, title: t("待审批的时限调整", "Deadline changes to decide"), section: .work, body: body)
    }
}

enum WorkView {
    static func render(_ viewer: Viewer, principal: Principal, groups: [WorkPages.Group]) -> Response {
        let sections = groups.map { group -> HTML in
            let cards = group.items.map { item -> HTML in
                let n = item.count
                return """
                    <li class="work-item\(item.urgent ? " urgent" : "")">
                    <a href="\(item.route)"><span class="n">\(n)</span><span class="what">\(item.label)</span></a>
                    </li>
                    """
            }
            return """
                <section class="work-group">
                <h2>\(group.title)</h2>
                <ul class="work-items">\(cards)</ul>
                </section>
                """
        }
        let empty: HTML =
            groups.isEmpty
            ? "<p>\(viewer.t("您还没有任何单位的角色，请联系管理员授权。", "You hold no role for any unit yet; ask an administrator."))</p>"
            : .empty
        let body: HTML = """
            <h1>\(viewer.t("我的待办", "My work"))</h1>
            <p class="lead">\(viewer.t("今天是 \(viewer.lang.date(viewer.today))。点击数字查看对应清单。", "Today is \(viewer.lang.date(viewer.today)). Each number opens its list."))</p>
            \(empty)\(sections)
            """
        return Layout.page(viewer, title: viewer.t("我的待办", "My work"), section: .work, body: body)
    }
}
