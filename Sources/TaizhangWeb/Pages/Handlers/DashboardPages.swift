import Foundation
import Hummingbird
import TaizhangApp
import TaizhangDomain
import TaizhangStorage

/// The dashboard of a scope: problems by state, closure rate, overdue, due soon, and the units
/// below ranked worst first. Every figure comes from the roll-up counters.
struct DashboardPages {
    let web: WebServices

    struct UnitLine: Sendable {
        let unit: OrgUnit
        let counts: ProblemCounts
        /// Worked out once: the ranking's sort reads it for every comparison.
        let closureRate: Double

        init(unit: OrgUnit, counts: ProblemCounts) {
            self.unit = unit
            self.counts = counts
            let live = counts.live
            closureRate = live > 0 ? Double(counts.byState[.closed, default: 0]) / Double(live) : 1
        }
    }

    /// GET /dashboard[?unit=ID]
    func show(_ request: Request, context: AppContext) async throws -> Response {
        let (viewer, principal) = try await Viewer.signedIn(request, context: context, web: web)
        let unitID = try request.queryInt("unit")
        let unit: OrgUnit?
        if let unitID {
            unit = try await web.directory.unit(unitID, as: principal)
        } else {
            let roots = try await web.directory.units(under: nil, as: principal)
            unit = roots.count == 1 ? roots[0] : nil
        }
        let today = viewer.today
        let due = try await web.problems.dueBetween(
            today, today.adding(days: WorkPages.dueSoonDays), unitID: unit?.id, as: principal)
        let facets = try await web.problems.facets(unitID: unit?.id, campaignID: nil, as: principal)
        let children = try await web.directory.units(under: unit?.id, as: principal)
        let below = children.filter { $0.id != unit?.id }
        // The unit's own counts come in the same statement as its children's (a round trip less
        // on PostgreSQL); a scope of several roots is counted on its own.
        let each = try await web.problems.counts(
            eachOf: (unit.map { [$0.id] } ?? []) + below.map(\.id), campaignID: nil, as: principal)
        let counts: ProblemCounts
        if let unit, let own = each[unit.id] {
            counts = own
        } else {
            counts = try await web.problems.counts(unitID: unit?.id, campaignID: nil, as: principal)
        }
        var lines = below.compactMap { child in each[child.id].map { UnitLine(unit: child, counts: $0) } }
        lines.sort {
            ($0.closureRate, -$0.counts.overdue, $0.unit.id) < ($1.closureRate, -$1.counts.overdue, $1.unit.id)
        }
        return DashboardView.render(viewer, unit: unit, counts: counts, dueSoon: due, facets: facets, lines: lines)
    }
}

enum DashboardView {
    static func render(
        _ viewer: Viewer, unit: OrgUnit?, counts: ProblemCounts, dueSoon: Int, facets: FacetCounts,
        lines: [DashboardPages.UnitLine]
    ) -> Response {
        let lang = viewer.lang
        let t = viewer.t
        func ledger(_ states: [ProblemState], unit id: Int64? = unit?.id, overdue: Bool? = nil) -> PageRoute {
            var f = ProblemFilter()
            f.unitID = id
            f.states = states
            f.overdue = overdue
            return .ledger(f)
        }
        var soon = ProblemFilter()
        soon.unitID = unit?.id
        soon.states = ProblemState.deadlineBinding
        soon.deadlineFrom = viewer.today
        soon.deadlineTo = viewer.today.adding(days: WorkPages.dueSoonDays)
        let closed = counts.byState[.closed, default: 0]
        let rate = lang.percent(closed, of: counts.live)
        let stateBars = ProblemState.allCases.map {
            Chart.Bar(label: lang.state($0), value: counts.byState[$0, default: 0], tone: "state-" + $0.rawValue)
        }
        let stateLinks = ProblemState.allCases.map { s -> HTML in
            "<li><span class=\"label\">\(lang.state(s))</span>\(UI.countLink(counts.byState[s, default: 0], ledger([s]), label: lang.state(s)))</li>"
        }
        let figures: HTML = """
            <ul class="figures">
            <li><span class="label">\(t("问题总数", "Problems"))</span>\(UI.countLink(counts.live, ledger([]), label: t("问题总数", "Problems")))</li>
            <li><span class="label">\(t("已销号", "Closed"))</span>\(UI.countLink(closed, ledger([.closed]), label: t("已销号", "Closed")))</li>
            <li><span class="label">\(t("销号率", "Closure rate"))</span><span class="count">\(rate)</span></li>
            <li class="warn"><span class="label">\(t("已逾期", "Overdue"))</span>\(UI.countLink(counts.overdue, ledger(ProblemState.deadlineBinding, overdue: true), label: t("已逾期", "Overdue")))</li>
            <li><span class="label">\(t("\(WorkPages.dueSoonDays) 天内到期", "Due in \(WorkPages.dueSoonDays) days"))</span>\(UI.countLink(dueSoon, .ledger(soon), label: t("即将到期", "Due soon")))</li>
            </ul>
            """
        let ranking = lines.map { line -> HTML in
            let c = line.counts
            return """
                <tr><th scope="row"><a href="\(PageRoute.dashboard(unit: line.unit.id))">\(line.unit.name)</a></th>
                <td class="n">\(UI.countLink(c.live, ledger([], unit: line.unit.id), label: t("问题", "Problems")))</td>
                <td class="n">\(UI.countLink(c.byState[.closed, default: 0], ledger([.closed], unit: line.unit.id), label: t("已销号", "Closed")))</td>
                <td class="n">\(lang.percent(c.byState[.closed, default: 0], of: c.live))</td>
                <td class="n\(c.overdue > 0 ? " warn" : "")">\(UI.countLink(c.overdue, ledger(ProblemState.deadlineBinding, unit: line.unit.id, overdue: true), label: t("已逾期", "Overdue")))</td>
                <td class="bar-cell" aria-hidden="true"><svg class="minibar" viewBox="0 0 100 10" width="100" height="10"><rect class="track" width="100" height="10"></rect><rect class="fill" width="\(Int(line.closureRate * 100))" height="10"></rect></svg></td></tr>
                """
        }
        let rankingTable: HTML =
            lines.isEmpty
            ? .empty
            : """
            <section aria-labelledby="h-rank"><h2 id="h-rank">\(t("下级单位排名（销号率低、逾期多的在前）", "Units below, worst first (lowest closure rate, most overdue)"))</h2>
            <div class="table-wrap"><table class="ranking">
            <thead><tr><th scope="col">\(t("单位", "Unit"))</th><th scope="col">\(t("问题", "Problems"))</th><th scope="col">\(t("已销号", "Closed"))</th><th scope="col">\(t("销号率", "Closure rate"))</th><th scope="col">\(t("逾期", "Overdue"))</th><th scope="col"><span class="sr-only">\(t("销号率图示", "Closure bar"))</span></th></tr></thead>
            <tbody>\(ranking)</tbody></table></div></section>
            """
        func bySource(_ value: String) -> ProblemFilter {
            var f = ProblemFilter()
            f.unitID = unit?.id
            f.sourceChannels = SourceChannel(rawValue: value).map { [$0] } ?? []
            return f
        }
        func byCategory(_ value: String) -> ProblemFilter {
            var f = ProblemFilter()
            f.unitID = unit?.id
            f.category = value.isEmpty ? nil : value
            return f
        }
        let sources = facet(
            viewer, title: t("按问题来源", "By source channel"), id: "h-sources", counts: facets.sources,
            label: { SourceChannel(rawValue: $0).map(lang.source) ?? $0 }, filter: bySource)
        let categories = facet(
            viewer, title: t("按问题类别", "By category"), id: "h-categories", counts: Array(facets.categories.prefix(12)),
            label: { $0.isEmpty ? t("（未分类）", "(none)") : $0 }, filter: byCategory)
        let title = (unit?.name ?? t("全部范围", "All of my scope")) + " · " + t("统计", "Dashboard")
        let body: HTML = """
            <h1>\(title)</h1>
            <p class="lead">\(t("截至 \(lang.date(viewer.today))。每个数字都可点开对应清单。", "As of \(lang.date(viewer.today)). Every number opens the list it counts."))</p>
            \(figures)
            <div class="charts">
            <section aria-labelledby="h-states"><h2 id="h-states">\(t("按状态", "By state"))</h2>\(Chart.bars(stateBars, title: t("各状态问题数", "Problems by state")))<ul class="figures small">\(stateLinks)</ul></section>
            <section aria-labelledby="h-rate"><h2 id="h-rate">\(t("销号率", "Closure rate"))</h2>\(Chart.ring(part: closed, whole: counts.live, label: t("销号率", "Closure rate"), text: rate))</section>
            </div>
            <div class="charts even">
            \(sources)
            \(categories)
            </div>
            \(rankingTable)
            """
        return Layout.page(viewer, title: title, section: .dashboard, body: body)
    }

    /// One breakdown (by channel, by category): a bar per value and a table whose numbers link
    /// to the ledger filtered by that value.
    static func facet(
        _ viewer: Viewer, title: String, id: String, counts: [FacetCount], label: (String) -> String,
        filter: (String) -> ProblemFilter
    ) -> HTML {
        let lang = viewer.lang
        let t = viewer.t
        guard !counts.isEmpty else { return .empty }
        let bars = counts.map { Chart.Bar(label: label($0.value), value: $0.live, tone: "") }
        let rows = counts.map { c -> HTML in
            var closed = filter(c.value)
            closed.states = [.closed]
            return """
                <tr><th scope="row">\(label(c.value))</th>
                <td class="n">\(UI.countLink(c.live, .ledger(filter(c.value)), label: t("问题", "Problems")))</td>
                <td class="n">\(UI.countLink(c.closed, .ledger(closed), label: t("已销号", "Closed")))</td>
                <td class="n">\(lang.percent(c.closed, of: c.live))</td></tr>
                """
        }
        return """
            <section aria-labelledby="\(id)"><h2 id="\(id)">\(title)</h2>
            \(Chart.bars(bars, title: title))
            <table class="compact"><thead><tr><th scope="col">\(title)</th><th scope="col">\(t("问题", "Problems"))</th><th scope="col">\(t("已销号", "Closed"))</th><th scope="col">\(t("销号率", "Closure rate"))</th></tr></thead>
            <tbody>\(rows)</tbody></table></section>
            """
    }
}
