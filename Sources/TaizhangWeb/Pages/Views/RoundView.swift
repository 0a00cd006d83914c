import Foundation
import Hummingbird
import TaizhangDomain
import TaizhangStorage

extension UI {
    static func returnState(_ state: ReturnState, _ lang: Lang) -> HTML {
        "<span class=\"state return-\(state.rawValue)\">\(lang.t(state.chinese, state.english))</span>"
    }

    /// Returns by state, in the order a round moves them: "已通过 30 · 已报送 9 · …".
    static func returnCounts(_ counts: [ReturnState: Int], _ lang: Lang) -> HTML {
        let parts = [ReturnState.accepted, .filed, .returned, .notFiled].compactMap { s -> HTML? in
            guard let n = counts[s], n > 0 else { return nil }
            return "\(returnState(s, lang)) \(n)"
        }
        return parts.isEmpty ? "—" : HTML.join(parts, separator: " ")
    }
}

enum RoundListView {
    static func render(
        _ viewer: Viewer, rounds: [RoundSummary], offices: [(unit: OrgUnit, depth: Int)], campaigns: [Campaign],
        state: FormState, status: HTTPResponse.Status
    ) -> Response {
        let lang = viewer.lang
        let t = viewer.t
        let rows = rounds.map { s -> HTML in
            let late =
                s.counts[.notFiled, default: 0] + s.counts[.returned, default: 0] > 0 && viewer.today > s.round.dueOn
            return """
                <tr><th scope="row"><a href="\(PageRoute.round(s.round.id))">\(s.round.title)</a></th>
                <td>\(lang == .zh ? s.round.period.chinese : s.round.period.description)</td><td>\(s.openingUnit)</td>
                <td class="date\(late ? " overdue" : "")">\(lang.date(s.round.dueOn))</td>
                <td>\(UI.returnCounts(s.counts, lang))</td></tr>
                """
        }
        let table: HTML =
            rows.isEmpty
            ? "<p class=\"empty\">\(t("还没有需要您参与的月调度。", "No rounds for you yet."))</p>"
            : """
            <div class="table-wrap"><table><thead><tr><th scope="col">\(t("调度", "Round"))</th><th scope="col">\(t("月份", "Month"))</th><th scope="col">\(t("发起单位", "Opened by"))</th><th scope="col">\(t("报送截止", "Due"))</th><th scope="col">\(t("报送情况", "Returns"))</th></tr></thead>
            <tbody>\(rows)</tbody></table></div>
            """
        let body: HTML = """
            <h1>\(t("月调度", "Monthly rounds"))</h1>
            <p class="lead">\(t("每月各单位报送整改进展：联络员填写，单位负责人签发报送，发起单位审核通过或退回。", "Every month each unit reports its progress: the liaison writes, the unit leader signs off and files, the office that opened the round accepts or sends it back."))</p>
            \(table)
            \(offices.isEmpty ? HTML.empty : openForm(viewer, offices: offices, campaigns: campaigns, state: state))
            """
        return Layout.page(viewer, title: t("月调度", "Monthly rounds"), section: .rounds, status: status, body: body)
    }

    static func openForm(
        _ viewer: Viewer, offices: [(unit: OrgUnit, depth: Int)], campaigns: [Campaign], state: FormState
    ) -> HTML {
        let lang = viewer.lang
        let t = viewer.t
        let form = "round"
        let thisMonth = RoundPeriod(viewer.today)
        let nextFifth = thisMonth.usualDueDay
        let fields = ["unit", "campaign", "period", "dueOn", "title"]
        return """
            <section class="card" aria-labelledby="h-open-round"><h2 id="h-open-round">\(t("发起月调度", "Open a round"))</h2>
            \(UI.alert(state.general(in: form, fields: fields, lang)))
            <form method="post" action="\(PageRoute.rounds)" class="form-grid">\(Layout.csrf(viewer))
            \(UI.select(label: t("发起单位", "Opening unit"), name: "unit", options: UI.unitOptions(offices), selected: state.value("unit", in: form), error: state.message("unit", in: form, lang)))
            \(UI.select(label: t("主题教育", "Campaign"), name: "campaign", options: campaigns.reversed().map { (String($0.id), $0.name) }, selected: state.value("campaign", in: form), error: state.message("campaign", in: form, lang)))
            \(UI.input(label: t("调度月份", "Month"), name: "period", value: state.value("period", in: form, default: thisMonth.description), error: state.message("period", in: form, lang), type: "month", required: true, hint: t("例如 2026-11", "e.g. 2026-11")))
            \(UI.input(label: t("报送截止日期", "Due"), name: "dueOn", value: state.value("dueOn", in: form, default: nextFifth.description), error: state.message("dueOn", in: form, lang), type: "date", required: true))
            \(UI.input(label: t("标题（可不填）", "Title (optional)"), name: "title", value: state.value("title", in: form), error: state.message("title", in: form, lang), hint: t("默认为“2026年11月调度”", "Default: the month’s name")))
            <p class="hint">\(t("发起单位的直属下级单位均需报送。", "Every unit right below the opening unit must report."))</p>
            <div class="buttons">\(UI.submit(t("发起", "Open")))</div>
            </form></section>
            """
    }
}

enum RoundView {
    static func render(_ viewer: Viewer, detail d: RoundDetail) -> Response {
        let lang = viewer.lang
        let t = viewer.t
        var counts: [ReturnState: Int] = [:]
        for r in d.returns { counts[r.item.state, default: 0] += 1 }
        let rows = d.returns.map { r -> HTML in
            let late = r.item.late(in: d.round, today: viewer.today)
            let f = r.item.figures
            return """
                <tr><th scope="row"><a href="\(PageRoute.roundReturn(round: d.round.id, item: r.item.id))">\(r.unit.name)</a></th>
                <td>\(UI.returnState(r.item.state, lang))\(late ? HTML(" <span class=\"tag overdue\">\(t("逾期未报", "late"))</span>") : "")</td>
                <td class="date">\(r.item.filedAt.map(lang.dateTime) ?? "—")</td>
                <td class="n">\(f.map { String($0.total) } ?? "—")</td><td class="n">\(f.map { String($0.closed) } ?? "—")</td>
                <td class="n\((f?.overdue ?? 0) > 0 ? " warn" : "")">\(f.map { String($0.overdue) } ?? "—")</td></tr>
                """
        }
        let summary = [ReturnState.notFiled, .filed, .returned, .accepted].map { s -> HTML in
            "<div><dt>\(lang.t(s.chinese, s.english))</dt><dd>\(counts[s, default: 0])</dd></div>"
        }
        let body: HTML = """
            <p class="crumbs"><a href="\(PageRoute.rounds)">\(t("月调度", "Monthly rounds"))</a> › \(d.round.title)</p>
            <h1>\(d.round.title)</h1>
            <p class="lead">\(t("发起单位", "Opened by"))：\(d.openingUnit.name) · \(t("报送截止", "Due"))：\(lang.date(d.round.dueOn))</p>
            <dl class="counts">\(summary)</dl>
            <div class="table-wrap"><table class="returns"><caption class="sr-only">\(t("各单位报送情况", "Returns by unit"))</caption>
            <thead><tr><th scope="col">\(t("单位", "Unit"))</th><th scope="col">\(t("状态", "State"))</th><th scope="col">\(t("报送时间", "Filed"))</th><th scope="col">\(t("问题数", "Problems"))</th><th scope="col">\(t("已销号", "Closed"))</th><th scope="col">\(t("逾期", "Overdue"))</th></tr></thead>
            <tbody>\(rows)</tbody></table></div>
            <p class="hint">\(t("问题数、已销号、逾期为报送时台账中的数字，由系统自动带出。", "Problems, closed and overdue are the ledger’s own figures at filing, taken automatically."))</p>
            """
        return Layout.page(viewer, title: d.round.title, section: .rounds, body: body)
    }
}

enum ReturnView {
    /// What the page says after a form succeeded (a fixed set: nothing typed is echoed from the URL).
    enum Notice: String, Sendable {
        case saved, filed, accepted
        case sentBack = "returned"

        func text(_ lang: Lang) -> String {
            switch self {
            case .saved: return lang.t("已保存。", "Saved.")
            case .filed: return lang.t("已签发报送。", "Filed.")
            case .accepted: return lang.t("已审核通过。", "Accepted.")
            case .sentBack: return lang.t("已退回，单位修改后重新报送。", "Sent back; the unit will file again.")
            }
        }
    }

    static func render(
        _ viewer: Viewer, principal: Principal, detail d: ReturnDetail, names: [Int64: String], state: FormState,
        notice: Notice?, theirs: RoundReturn?, status: HTTPResponse.Status
    ) -> Response {
        let lang = viewer.lang
        let t = viewer.t
        let r = d.item
        let writes = r.state.owed && principal.holds(Policy.writeReturn, at: r.unitPath)
        let files = r.state.owed && principal.holds(Policy.fileReturn, at: r.unitPath)
        let decides = r.state == .filed && principal.holds(Policy.decideReturn, at: d.round.unitPath)
        func who(_ id: Int64?) -> String { id.map { names[$0] ?? "#\($0)" } ?? "—" }
        func text(_ s: String) -> HTML { s.isEmpty ? "—" : "<span class=\"pre\">\(s)</span>" }
        let figures: HTML =
            r.figures.map { f in
                """
                <div class="wide"><dt>\(t("台账数字（报送时）", "Ledger at filing"))</dt><dd>\(t("问题 \(f.total) 个，已销号 \(f.closed) 个，未销号 \(f.open) 个，逾期 \(f.overdue) 个", "\(f.total) problems, \(f.closed) closed, \(f.open) open, \(f.overdue) overdue"))</dd></div>
                """
            } ?? .empty
        let reason: HTML =
            r.state == .returned && r.reason != nil
            ? UI.alert(t("已被退回：", "Sent back: ") + (r.reason ?? "")) : .empty
        let history = d.history.reversed().map { e -> HTML in
            let what: String
            switch e.action {
            case .create: what = t("创建", "created")
            case .update: what = t("修改了报送内容", "edited the return")
            case .file: what = t("签发报送", "filed")
            case .accept: what = t("审核通过", "accepted")
            case .returnToUnit: what = t("退回", "sent back")
            default: what = e.action.rawValue
            }
            return "<li><span class=\"meta\">\(lang.dateTime(e.at))</span> \(who(e.actorID)) \(what)</li>"
        }
        let body: HTML = """
            <p class="crumbs"><a href="\(PageRoute.rounds)">\(t("月调度", "Monthly rounds"))</a> › <a href="\(PageRoute.round(d.round.id))">\(d.round.title)</a> › \(d.unit.name)</p>
            <h1>\(d.unit.name) · \(d.round.title)</h1>
            \(UI.notice(notice?.text(lang)))
            \(reason)
            <dl class="fields">
            <div><dt>\(t("状态", "State"))</dt><dd>\(UI.returnState(r.state, lang))\(r.late(in: d.round, today: viewer.today) ? HTML(" <span class=\"tag overdue\">\(t("逾期未报", "late"))</span>") : "")</dd></div>
            <div><dt>\(t("报送截止", "Due"))</dt><dd>\(lang.date(d.round.dueOn))</dd></div>
            <div><dt>\(t("发起单位", "Opened by"))</dt><dd>\(d.openingUnit.name)</dd></div>
            <div><dt>\(t("签发报送", "Filed"))</dt><dd>\(r.filedAt.map { lang.dateTime($0) + " · " + who(r.filedBy) } ?? "—")</dd></div>
            <div><dt>\(t("审核", "Decided"))</dt><dd>\(r.decidedAt.map { lang.dateTime($0) + " · " + who(r.decidedBy) } ?? "—")</dd></div>
            \(figures)
            \(writes ? HTML.empty : HTML("<div class=\"wide\"><dt>\(t("本月工作进展", "Progress this month"))</dt><dd>\(text(r.summary))</dd></div><div class=\"wide\"><dt>\(t("下步工作打算", "Next steps"))</dt><dd>\(text(r.nextSteps))</dd></div>"))
            </dl>
            \(writes ? writeForm(viewer, detail: d, files: files, state: state, theirs: theirs) : .empty)
            \(decides ? decideForms(viewer, detail: d, state: state) : .empty)
            <section aria-labelledby="h-history"><h2 id="h-history">\(t("全部记录", "History"))</h2>
            \(history.isEmpty ? HTML("<p class=\"empty\">\(t("暂无记录。", "Nothing yet."))</p>") : "<ol class=\"history\">\(history)</ol>")</section>
            """
        return Layout.page(
            viewer, title: d.unit.name + " · " + d.round.title, section: .rounds, status: status, body: body)
    }

    static func writeForm(_ viewer: Viewer, detail d: ReturnDetail, files: Bool, state: FormState, theirs: RoundReturn?)
        -> HTML
    {
        let lang = viewer.lang
        let t = viewer.t
        let form = "return"
        let r = d.item
        let stale: HTML =
            theirs.map { other in
                HTML(
                    """
                    \(UI.alert(t("保存前，他人已修改了这份报送。您填写的内容仍保留在下面；他人保存的内容如下。请核对后再次提交。", "Someone else changed this return before you saved. What you typed is kept below; what they saved is shown here. Check, then submit again.")))
                    <div class="card theirs"><h3>\(t("他人保存的内容", "What they saved"))</h3><p class="pre">\(other.summary)</p><p class="pre">\(other.nextSteps)</p></div>
                    """)
            } ?? UI.alert(state.general(in: form, fields: ["summary", "nextSteps"], lang))
        return """
            <section class="card" aria-labelledby="h-write"><h2 id="h-write">\(t("填写报送", "Write the return"))</h2>
            \(stale)
            <form method="post" action="\(PageRoute.roundReturn(round: d.round.id, item: r.id))" class="form-grid">\(Layout.csrf(viewer))
            <input type="hidden" name="version" value="\(state.value("version", in: form, default: String(r.version)) ?? "")">
            \(UI.textarea(label: t("本月工作进展", "Progress this month"), name: "summary", value: state.value("summary", in: form, default: r.summary), error: state.message("summary", in: form, lang), rows: 6, hint: t("召开会议、完成整改、建立制度等情况", "meetings held, items fixed, rules set up")))
            \(UI.textarea(label: t("下步工作打算", "Next steps"), name: "nextSteps", value: state.value("nextSteps", in: form, default: r.nextSteps), error: state.message("nextSteps", in: form, lang), rows: 3))
            <div class="buttons">\(UI.submit(t("保存", "Save"), kind: files ? "secondary" : "primary", name: "do", value: "save"))\(files ? UI.submit(t("签发报送", "Sign off and file"), name: "do", value: "file") : .empty)</div>
            \(files ? HTML.empty : HTML("<p class=\"hint\">\(t("保存后由单位负责人签发报送。", "Once saved, the unit leader signs off and files it."))</p>"))
            </form></section>
            """
    }

    static func decideForms(_ viewer: Viewer, detail d: ReturnDetail, state: FormState) -> HTML {
        let lang = viewer.lang
        let t = viewer.t
        let form = "decide"
        let action = PageRoute.decideReturn(round: d.round.id, item: d.item.id)
        return """
            <section class="card actions-panel" aria-labelledby="h-decide"><h2 id="h-decide">\(t("审核", "Decide"))</h2>
            \(UI.alert(state.general(in: form, fields: ["reason"], lang)))
            <form method="post" action="\(action)" class="accept">\(Layout.csrf(viewer))<input type="hidden" name="version" value="\(d.item.version)"><input type="hidden" name="accept" value="1">\(UI.submit(t("审核通过", "Accept")))</form>
            <form method="post" action="\(action)" class="form-grid">\(Layout.csrf(viewer))<input type="hidden" name="version" value="\(d.item.version)"><input type="hidden" name="accept" value="0">
            \(UI.textarea(label: t("退回理由", "Reason for sending back"), name: "reason", id: "f-return-reason", value: state.value("reason", in: form), error: state.message("reason", in: form, lang), required: true, rows: 2))
            <div class="buttons">\(UI.submit(t("退回", "Send back"), kind: "danger"))</div></form>
            </section>
            """
    }
}
