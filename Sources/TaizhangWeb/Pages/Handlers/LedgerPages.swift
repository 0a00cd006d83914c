import Foundation
import Hummingbird
import TaizhangApp
import TaizhangDomain
import TaizhangStorage

/// The ledger (台账): every filter of the API, search with highlighted snippets, sort, pages.
struct LedgerPages {
    let web: WebServices

    /// GET /ledger
    func list(_ request: Request, context: AppContext) async throws -> Response {
        let (viewer, principal) = try await Viewer.signedIn(request, context: context, web: web)
        let filter: ProblemFilter
        do {
            filter = try ProblemFilter(query: request)
        } catch let error as DomainError {
            return LedgerView.render(
                viewer, filter: ProblemFilter(), page: nil, units: [:], error: error, status: .badRequest)
        }
        do {
            let page = try await web.problems.list(filter, as: principal)
            let units = try await web.problems.units(of: page.items)
            return LedgerView.render(viewer, filter: filter, page: page, units: units, error: nil)
        } catch let error as DomainError where error.kind == .invalid {
            return LedgerView.render(viewer, filter: filter, page: nil, units: [:], error: error, status: .badRequest)
        }
    }
}

enum LedgerView {
    static func render(
        _ viewer: Viewer, filter: ProblemFilter, page: ProblemPage?, units: [Int64: OrgUnit], error: DomainError?,
        status: HTTPResponse.Status = .ok
    ) -> Response {
        let lang = viewer.lang
        let t = viewer.t
        let rows = (page?.items ?? []).map { p -> HTML in
            let overdue = p.isOverdue(today: viewer.today)
            let snippet: HTML = page?.snippets[p.id].map { "<p class=\"snippet\">\(HTML(trusted: $0))</p>" } ?? .empty
            let unit = units[p.leadUnitID]?.name ?? "#\(p.leadUnitID)"
            let deadline: HTML =
                overdue
                ? "<span class=\"overdue\">\(lang.date(p.deadline))<span class=\"tag\">\(t("逾期", "overdue"))</span></span>"
                : "\(lang.date(p.deadline))"
            return """
                <tr\(overdue ? HTML(" class=\"is-overdue\"") : "")>
                <td class="num">\(p.number)</td>
                <td class="title"><a href="\(PageRoute.problem(p.id))">\(p.title)</a>\(snippet)</td>
                <td>\(unit)</td>
                <td>\(UI.state(p.state, lang))</td>
                <td class="date">\(deadline)</td>
                <td>\(lang.source(p.sourceChannel))</td>
                </tr>
                """
        }
        var next = filter
        next.cursor = page?.nextCursor
        var first = filter
        first.cursor = nil
        let more: HTML =
            page?.nextCursor != nil
            ? "<a class=\"btn\" rel=\"next\" href=\"\(PageRoute.ledger(next))\">\(t("下一页", "Next page"))</a>" : .empty
        let again: HTML =
            filter.cursor != nil
            ? "<a class=\"btn secondary\" href=\"\(PageRoute.ledger(first))\">\(t("回到第一页", "First page"))</a>" : .empty
        let table: HTML =
            rows.isEmpty
            ? "<p class=\"empty\">\(t("没有符合条件的问题。", "No problems match."))</p>"
            : """
            <div class="table-wrap"><table class="ledger">
            <caption class="sr-only">\(t("问题清单", "Problems"))</caption>
            <thead><tr><th scope="col">\(t("编号", "No."))</th><th scope="col">\(t("问题", "Problem"))</th><th scope="col">\(t("责任单位", "Lead unit"))</th><th scope="col">\(t("状态", "State"))</th><th scope="col">\(t("整改时限", "Deadline"))</th><th scope="col">\(t("来源", "Source"))</th></tr></thead>
            <tbody>\(rows)</tbody>
            </table></div>
            """
        let body: HTML = """
            <div class="page-head">
            <h1>\(t("整改台账", "Ledger"))</h1>
            <p class="actions no-print"><a class="btn secondary" href="\(PageRoute.newProblem)">\(t("新增问题", "New problem"))</a>
            <a class="btn secondary" href="\(PageRoute.exportLedger(filter, format: "xlsx", perUnit: false))">\(t("导出 Excel", "Export to Excel"))</a>
            <a class="btn secondary" href="\(PageRoute.exportLedger(filter, format: "xlsx", perUnit: true))">\(t("按单位分表导出", "Export, a sheet per unit"))</a>
            <a class="btn secondary" href="\(PageRoute.exportLedger(filter, format: "csv", perUnit: false))">\(t("导出 CSV", "Export to CSV"))</a>
            <a class="btn secondary" href="\(PageRoute.imports)">\(t("导入表格", "Import a spreadsheet"))</a></p>
            </div>
            \(UI.alert(error.map(lang.message)))
            \(filterForm(viewer, filter))
            \(table)
            <nav class="pager no-print" aria-label="\(t("翻页", "Pages"))">\(again)\(more)</nav>
            """
        return Layout.page(viewer, title: t("整改台账", "Ledger"), section: .ledger, status: status, body: body)
    }

    static func filterForm(_ viewer: Viewer, _ filter: ProblemFilter) -> HTML {
        let lang = viewer.lang
        let t = viewer.t
        let states = ProblemState.allCases.map { (value: $0.rawValue, label: lang.state($0)) }
        let sources = SourceChannel.allCases.map { (value: $0.rawValue, label: lang.source($0)) }
        let sorts: [(value: String, label: String)] = [
            ("", t("默认（时限最近在前；搜索时按相关度）", "Default (nearest deadline; relevance when searching)")),
            (ProblemSort.deadline.rawValue, t("整改时限 ↑", "Deadline ↑")),
            (ProblemSort.deadlineDesc.rawValue, t("整改时限 ↓", "Deadline ↓")),
            (ProblemSort.foundDesc.rawValue, t("发现日期 ↓", "Found ↓")),
            (ProblemSort.updatedDesc.rawValue, t("最近更新", "Recently updated")),
            (ProblemSort.number.rawValue, t("编号", "Number")),
        ]
        let unit: HTML = filter.unitID.map { "<input type=\"hidden\" name=\"unit\" value=\"\($0)\">" } ?? .empty
        let campaign: HTML =
            filter.campaignID.map { "<input type=\"hidden\" name=\"campaign\" value=\"\($0)\">" } ?? .empty
        let overdueChecked: HTML = filter.overdue == true ? " checked" : ""
        // The search box and the state are always in view; the rest folds away (open when used),
        // so on a phone the list starts on the first screen.
        let more =
            filter.sourceChannels.count == 1 || filter.deadlineFrom != nil || filter.deadlineTo != nil
            || filter.sort != nil || filter.overdue == true
        return """
            <form method="get" action="\(PageRoute.ledger(ProblemFilter()))" class="filters no-print" role="search">
            \(unit)\(campaign)
            \(UI.input(label: t("搜索", "Search"), name: "q", value: filter.text, error: nil, type: "search", hint: t("标题、描述、编号、措施、进展；多个词用空格分开，引号内为整句", "title, description, number, measures, notes; words separated by spaces; quotes for a phrase")))
            \(UI.select(label: t("状态", "State"), name: "state", options: states, selected: filter.states.count == 1 ? filter.states[0].rawValue : nil, error: nil, blank: t("全部", "All")))
            <div class="field check"><input type="checkbox" id="f-overdue" name="overdue" value="true"\(overdueChecked)><label for="f-overdue">\(t("只看逾期", "Overdue only"))</label></div>
            <details class="more-filters"\(more ? HTML(" open") : "")><summary>\(t("更多条件：来源、时限、排序", "More: source, deadline, sort"))</summary>
            <div class="more-grid">
            \(UI.select(label: t("来源", "Source"), name: "source", options: sources, selected: filter.sourceChannels.count == 1 ? filter.sourceChannels[0].rawValue : nil, error: nil, blank: t("全部", "All")))
            \(UI.input(label: t("时限自", "Deadline from"), name: "deadlineFrom", value: filter.deadlineFrom?.description, error: nil, type: "date"))
            \(UI.input(label: t("时限至", "Deadline to"), name: "deadlineTo", value: filter.deadlineTo?.description, error: nil, type: "date"))
            \(UI.select(label: t("排序", "Sort"), name: "sort", options: sorts, selected: filter.sort?.rawValue ?? "", error: nil))
            </div></details>
            <div class="field buttons">\(UI.submit(t("查询", "Apply")))<a class="btn secondary" href="\(PageRoute.ledger(ProblemFilter()))">\(t("清除", "Clear"))</a></div>
            """
    }
}
