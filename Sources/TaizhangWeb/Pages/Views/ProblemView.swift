import Foundation
import Hummingbird
import TaizhangDomain
import TaizhangStorage

/// A problem's page: its fields, the actions this person may take now, measures, notes,
/// evidence, deadline changes and the whole history.
enum ProblemView {
    static func render(
        _ viewer: Viewer, principal: Principal, detail: ProblemDetail, units: [Int64: OrgUnit],
        names: [Int64: String], state: FormState, notice: ProblemPages.Notice?, status: HTTPResponse.Status
    ) -> Response {
        let p = detail.problem
        let lang = viewer.lang
        let t = viewer.t
        let access = principal.access(to: p)
        let keepsLedger = access == .lead && principal.holds(Policy.keepLedger, at: p.unitPath) && !p.state.isTerminal
        let writesNotes = access != nil && !principal.grants.filter { Policy.writeNote.contains($0.role) }.isEmpty
        let overdue = p.isOverdue(today: viewer.today)
        let unitName = { (id: Int64) in units[id]?.name ?? "#\(id)" }
        let body: HTML = """
            <p class="crumbs no-print"><a href="\(PageRoute.ledger(ProblemFilter()))">\(t("台账", "Ledger"))</a> › \(p.number)</p>
            <div class="page-head">
            <h1><span class="num">\(p.number)</span> \(p.title)</h1>
            <p>\(UI.state(p.state, lang))\(overdue ? HTML(" <span class=\"tag overdue\">\(t("已逾期", "Overdue"))</span>") : "")
            \(keepsLedger ? HTML("<a class=\"btn secondary no-print\" href=\"\(PageRoute.editProblem(p.id))\">\(t("编辑", "Edit"))</a>") : "")</p>
            </div>
            \(UI.notice(notice?.text(lang)))
            \(actions(viewer, principal: principal, problem: p, state: state))
            <section aria-labelledby="h-fields"><h2 id="h-fields">\(t("基本信息", "Details"))</h2>
            <dl class="fields">
            \(row(t("问题描述", "Description"), HTML("<span class=\"pre\">\(p.description.isEmpty ? "—" : p.description)</span>")))
            \(row(t("问题来源", "Source"), "\(lang.source(p.sourceChannel))\(p.sourceRef.isEmpty ? "" : "（" + p.sourceRef + "）")"))
            \(row(t("问题类别", "Category"), "\(p.category.isEmpty ? "—" : p.category)"))
            \(row(t("责任单位", "Lead unit"), "<a href=\"\(PageRoute.unit(p.leadUnitID))\">\(unitName(p.leadUnitID))</a>"))
            \(row(t("配合单位", "Supporting units"), "\(p.supportingUnitIDs.isEmpty ? "—" : p.supportingUnitIDs.map(unitName).joined(separator: "、"))"))
            \(row(t("责任领导", "Responsible leader"), "\(p.responsibleLeader.isEmpty ? "—" : p.responsibleLeader)"))
            \(row(t("责任人", "Responsible person"), "\(p.responsiblePerson.isEmpty ? "—" : p.responsiblePerson)"))
            \(row(t("发现日期", "Found on"), "\(lang.date(p.foundOn))"))
            \(row(t("整改时限", "Deadline"), "\(lang.date(p.deadline))"))
            \(row(t("整改类型", "Type"), "\(lang.type(p.rectificationType))"))
            \(p.closedOn != nil ? row(t("销号日期", "Closed on"), "\(lang.date(p.closedOn))") : "")
            \(p.stateReason != nil ? row(t("最近理由", "Latest reason"), "\(p.stateReason)") : "")
            \(p.mergedIntoID != nil ? row(t("已合并到", "Merged into"), "<a href=\"\(PageRoute.problem(p.mergedIntoID ?? 0))\">#\(p.mergedIntoID ?? 0)</a>") : "")
            </dl></section>
            \(measures(viewer, detail: detail, keepsLedger: keepsLedger, state: state))
            \(notes(viewer, detail: detail, names: names, writes: writesNotes && !p.state.isTerminal, state: state))
            \(EvidenceView.section(viewer, detail: detail, uploads: keepsLedger, state: state))
            \(deadlines(viewer, principal: principal, detail: detail, keepsLedger: keepsLedger, state: state))
            \(history(viewer, detail: detail, names: names))
            """
        return Layout.page(viewer, title: p.number + " " + p.title, section: .ledger, status: status, body: body)
    }

    static func row(_ label: String, _ value: HTML) -> HTML {
        "<div><dt>\(label)</dt><dd>\(value)</dd></div>"
    }

    static func actions(_ viewer: Viewer, principal: Principal, problem p: Problem, state: FormState) -> HTML {
        let available = p.actions(for: principal)
        guard !available.isEmpty else { return .empty }
        let lang = viewer.lang
        let forms = available.map { action -> HTML in
            let name = "action-" + action.rawValue
            let reason: HTML =
                action.needsReason
                ? UI.textarea(
                    label: viewer.t("理由", "Reason"), name: "reason", id: "reason-\(action.rawValue)",
                    value: state.value("reason", in: name), error: state.message("reason", in: name, lang),
                    required: true, rows: 2)
                : .empty
            let into: HTML =
                action == .merge
                ? UI.input(
                    label: viewer.t("合并到问题（内部编号）", "Merge into problem (id)"), name: "into", id: "into-merge",
                    value: state.value("into", in: name), error: state.message("into", in: name, lang), type: "number",
                    required: true)
                : .empty
            let kind = action == .returnToUnit || action == .dismiss ? "danger" : "primary"
            return """
                <form method="post" action="\(PageRoute.act(p.id, action))" class="action-form">
                \(Layout.csrf(viewer))<input type="hidden" name="version" value="\(p.version)">
                \(UI.alert(state.general(in: name, fields: ["reason", "into"], lang)))
                \(reason)\(into)
                \(UI.submit(lang.action(action), kind: kind))
                </form>
                """
        }
        return """
            <section class="actions-panel no-print" aria-labelledby="h-actions"><h2 id="h-actions">\(viewer.t("可进行的操作", "What you can do"))</h2>
            <div class="action-forms">\(forms)</div></section>
            """
    }

    static func measures(_ viewer: Viewer, detail: ProblemDetail, keepsLedger: Bool, state: FormState) -> HTML {
        let lang = viewer.lang
        let t = viewer.t
        let items = detail.measures.map { m -> HTML in
            let formName = "measure-\(m.id)"
            let toggle: HTML =
                keepsLedger
                ? """
                <form method="post" action="\(PageRoute.measureDone(problem: detail.problem.id, measure: m.id))" class="inline no-print">
                \(Layout.csrf(viewer))<input type="hidden" name="version" value="\(m.version)">\(m.isDone ? HTML("<input type=\"hidden\" name=\"undo\" value=\"1\">") : "")
                \(UI.submit(m.isDone ? t("改为未完成", "Mark not done") : t("标记完成", "Mark done"), kind: "small"))
                </form>
                """ : .empty
            let done: HTML =
                m.isDone
                ? "<span class=\"tag done\">\(t("已完成", "Done")) \(lang.date(m.doneOn))</span>"
                : "<span class=\"tag\">\(t("未完成", "Not done"))</span>"
            return """
                <li class="measure\(m.isDone ? " is-done" : "")"><p>\(m.text)</p>
                <p class="meta">\(m.owner.isEmpty ? "" : t("责任人：", "Owner: ") + m.owner) \(m.deadline != nil ? t("时限：", "Due: ") + lang.date(m.deadline) : "") \(done)</p>
                \(UI.alert(state.general(in: formName, fields: ["text", "owner", "deadline"], lang)))\(toggle)
                \(keepsLedger ? editMeasure(viewer, problem: detail.problem.id, measure: m, state: state) : .empty)</li>
                """
        }
        let doneCount = detail.measures.filter(\.isDone).count
        let add: HTML =
            keepsLedger
            ? """
            <form method="post" action="\(PageRoute.addMeasure(detail.problem.id))" class="card no-print">
            <h3>\(t("添加整改措施", "Add a measure"))</h3>
            \(Layout.csrf(viewer))
            \(UI.alert(state.general(in: "measure", fields: ["text", "owner", "deadline"], lang)))
            \(UI.textarea(label: t("措施内容", "Measure"), name: "text", id: "measure-text", value: state.value("text", in: "measure"), error: state.message("text", in: "measure", lang), required: true, rows: 2))
            \(UI.input(label: t("责任人", "Owner"), name: "owner", id: "measure-owner", value: state.value("owner", in: "measure"), error: state.message("owner", in: "measure", lang)))
            \(UI.input(label: t("完成时限", "Due"), name: "deadline", id: "measure-deadline", value: state.value("deadline", in: "measure"), error: state.message("deadline", in: "measure", lang), type: "date"))
            \(UI.submit(t("添加措施", "Add measure")))
            </form>
            """ : .empty
        return """
            <section id="measures" aria-labelledby="h-measures"><h2 id="h-measures">\(t("整改措施", "Measures")) <span class="sub">\(doneCount)/\(detail.measures.count) \(t("已完成", "done"))</span></h2>
            \(items.isEmpty ? HTML("<p class=\"empty\">\(t("尚无整改措施。", "No measures yet."))</p>") : "<ol class=\"measures\">\(items)</ol>")
            \(add)</section>
            """
    }

    /// A measure's own edit form, folded away until opened (open again after a refusal).
    static func editMeasure(_ viewer: Viewer, problem: Int64, measure m: Measure, state: FormState) -> HTML {
        let lang = viewer.lang
        let t = viewer.t
        let name = "measure-\(m.id)"
        let open: HTML = state.form == name && state.error != nil ? " open" : ""
        return """
            <details class="no-print"\(open)><summary>\(t("修改这条措施", "Edit this measure"))</summary>
            <form method="post" action="\(PageRoute.editMeasure(problem: problem, measure: m.id))" class="card">
            \(Layout.csrf(viewer))<input type="hidden" name="version" value="\(m.version)">
            \(UI.textarea(label: t("措施内容", "Measure"), name: "text", id: "m\(m.id)-text", value: state.value("text", in: name, default: m.text), error: state.message("text", in: name, lang), required: true, rows: 2))
            \(UI.input(label: t("责任人", "Owner"), name: "owner", id: "m\(m.id)-owner", value: state.value("owner", in: name, default: m.owner), error: state.message("owner", in: name, lang)))
            \(UI.input(label: t("完成时限", "Due"), name: "deadline", id: "m\(m.id)-deadline", value: state.value("deadline", in: name, default: m.deadline?.description), error: state.message("deadline", in: name, lang), type: "date"))
            \(UI.submit(t("保存措施", "Save measure"), kind: "secondary"))
            </form></details>
            """
    }

    static func notes(_ viewer: Viewer, detail: ProblemDetail, names: [Int64: String], writes: Bool, state: FormState)
        -> HTML
    {
        let lang = viewer.lang
        let t = viewer.t
        let items = detail.notes.reversed().map { n -> HTML in
            "<li><p class=\"meta\">\(lang.date(n.notedOn)) · \(names[n.authorID] ?? "#\(n.authorID)")</p><p class=\"pre\">\(n.text)</p></li>"
        }
        let add: HTML =
            writes
            ? """
            <form method="post" action="\(PageRoute.addNote(detail.problem.id))" class="card no-print">
            <h3>\(t("填报整改进展", "Add a progress note"))</h3>
            \(Layout.csrf(viewer))
            \(UI.alert(state.general(in: "note", fields: ["text", "notedOn"], lang)))
            \(UI.textarea(label: t("进展情况", "Progress"), name: "text", id: "note-text", value: state.value("text", in: "note"), error: state.message("text", in: "note", lang), required: true, rows: 3))
            \(UI.input(label: t("进展日期（默认今天）", "Date (today if blank)"), name: "notedOn", id: "note-date", value: state.value("notedOn", in: "note"), error: state.message("notedOn", in: "note", lang), type: "date"))
            \(UI.submit(t("提交进展", "Add note")))
            </form>
            """ : .empty
        return """
            <section id="notes" aria-labelledby="h-notes"><h2 id="h-notes">\(t("整改进展", "Progress notes"))</h2>
            \(items.isEmpty ? HTML("<p class=\"empty\">\(t("尚无进展记录。", "No notes yet."))</p>") : "<ol class=\"notes\">\(items)</ol>")
            \(add)</section>
            """
    }

    static func deadlines(
        _ viewer: Viewer, principal: Principal, detail: ProblemDetail, keepsLedger: Bool, state: FormState
    ) -> HTML {
        let lang = viewer.lang
        let t = viewer.t
        let p = detail.problem
        let decides = principal.holds(Policy.decideDeadlineChange, at: p.unitPath)
        let items = detail.deadlineChanges.map { c -> HTML in
            let status: String
            switch c.status {
            case .pending: status = t("待审批", "Pending")
            case .approved: status = t("已批准", "Approved")
            case .rejected: status = t("未批准", "Rejected")
            }
            var decide: HTML = .empty
            if c.status == .pending && decides {
                let name = "decide-\(c.id)"
                decide = """
                    <form method="post" action="\(PageRoute.decideDeadline(problem: p.id, change: c.id, approve: true))" class="inline no-print">\(Layout.csrf(viewer))<input type="hidden" name="version" value="\(p.version)">\(UI.submit(t("批准", "Approve"), kind: "small"))</form>
                    <form method="post" action="\(PageRoute.decideDeadline(problem: p.id, change: c.id, approve: false))" class="inline no-print">\(Layout.csrf(viewer))<input type="hidden" name="version" value="\(p.version)">\(UI.submit(t("不批准", "Reject"), kind: "small danger"))</form>
                    \(UI.alert(state.general(in: name, fields: [], lang)))
                    """
            }
            return """
                <li><p>\(lang.date(c.oldDeadline)) → <strong>\(lang.date(c.newDeadline))</strong> · \(status)</p>
                <p class="meta">\(c.reason)</p>\(decide)</li>
                """
        }
        let request: HTML =
            keepsLedger && p.state.deadlineBinds
            ? """
            <details class="no-print"\(state.form == "deadline" ? HTML(" open") : "")><summary>\(t("申请调整整改时限", "Ask to change the deadline"))</summary>
            <form method="post" action="\(PageRoute.requestDeadline(p.id))" class="card">
            \(Layout.csrf(viewer))
            \(UI.alert(state.general(in: "deadline", fields: ["deadline", "reason"], lang)))
            \(UI.input(label: t("新的时限", "New deadline"), name: "deadline", id: "dl-date", value: state.value("deadline", in: "deadline"), error: state.message("deadline", in: "deadline", lang), type: "date", required: true))
            \(UI.textarea(label: t("理由", "Reason"), name: "reason", id: "dl-reason", value: state.value("reason", in: "deadline"), error: state.message("reason", in: "deadline", lang), required: true, rows: 2))
            \(UI.submit(t("提交申请", "Request"), kind: "secondary"))
            </form></details>
            """ : .empty
        guard !items.isEmpty || !request.description.isEmpty else { return .empty }
        return """
            <section id="deadlines" aria-labelledby="h-deadlines"><h2 id="h-deadlines">\(t("时限调整", "Deadline changes"))</h2>
            \(items.isEmpty ? HTML("<p class=\"empty\">\(t("没有时限调整记录。", "No deadline changes."))</p>") : "<ul class=\"changes\">\(items)</ul>")
            \(request)</section>
            """
    }

    static func history(_ viewer: Viewer, detail: ProblemDetail, names: [Int64: String]) -> HTML {
        let lang = viewer.lang
        let items = detail.history.reversed().map { e -> HTML in
            let what = HistoryText.describe(e, names: names, lang)
            return "<li><span class=\"meta\">\(lang.dateTime(e.at))</span> \(what)</li>"
        }
        return """
            <section id="history" aria-labelledby="h-history"><h2 id="h-history">\(viewer.t("全部记录", "History"))</h2>
            <ol class="history">\(items)</ol></section>
            """
    }
}

/// One audit event in words: who, what, and each changed field as 旧 → 新 in the reader's language.
enum HistoryText {
    static func describe(_ e: AuditEvent, names: [Int64: String], _ lang: Lang) -> HTML {
        let who = e.actorID.map { names[$0] ?? lang.t("用户 #\($0)", "user #\($0)") } ?? lang.t("系统", "the system")
        let what: String
        switch e.action {
        case .create: what = lang.t("新增了\(entity(e, lang))", "added a \(entity(e, lang))")
        case .update: what = lang.t("修改了\(entity(e, lang))", "changed the \(entity(e, lang))")
        case .request: what = lang.t("申请调整整改时限", "asked to change the deadline")
        case .approve: what = lang.t("批准了时限调整", "approved a deadline change")
        case .reject: what = lang.t("未批准时限调整", "rejected a deadline change")
        case .changeDeadline: what = lang.t("调整了整改时限", "moved the deadline")
        case .importRows:
            what =
                e.old == nil
                ? lang.t("通过表格导入新增了\(entity(e, lang))", "added a \(entity(e, lang)) by importing a spreadsheet")
                : lang.t("通过表格导入修改了\(entity(e, lang))", "changed the \(entity(e, lang)) by importing a spreadsheet")
        default:
            if let action = ProblemAction(rawValue: e.action.rawValue) {
                what = lang.t("进行了「\(action.chinese)」", "did “\(lang.action(action))”")
            } else {
                what = e.action.rawValue
            }
        }
        let old = fields(e.old)
        let new = fields(e.new)
        let changes = new.keys.filter { labels[$0] != nil }.sorted { order($0) < order($1) }.map { key -> HTML in
            let before = old[key].map { value(key, $0, lang) }
            let after = value(key, new[key] ?? nil, lang)
            let label = lang.t(labels[key]!.zh, labels[key]!.en)
            if let before, e.action == .update || e.action == .changeDeadline || e.action == .importRows {
                return "<li>\(label)：<del>\(before)</del> → <ins>\(after)</ins></li>"
            }
            return "<li>\(label)：\(after)</li>"
        }
        return
            "<strong>\(who)</strong> \(what)\(changes.isEmpty ? HTML.empty : "<ul class=\"changes-list\">\(changes)</ul>")"
    }

    /// The changed fields people read, labelled; the rest (hashes, versions) stay in the audit log.
    static let labels: [String: (zh: String, en: String)] = [
        "title": ("标题", "Title"), "description": ("描述", "Description"), "text": ("内容", "Text"),
        "owner": ("责任人", "Owner"), "deadline": ("时限", "Deadline"), "doneOn": ("完成日期", "Done on"),
        "state": ("状态", "State"), "reason": ("理由", "Reason"), "fileName": ("文件", "File"),
        "category": ("类别", "Category"), "sourceChannel": ("来源", "Source"), "sourceRef": ("来源说明", "Source ref"),
        "responsibleLeader": ("责任领导", "Leader"), "responsiblePerson": ("责任人", "Person"),
        "foundOn": ("发现日期", "Found on"), "notedOn": ("进展日期", "Date"), "newDeadline": ("新时限", "New deadline"),
        "rectificationType": ("整改类型", "Type"), "importFile": ("导入文件", "Imported file"),
    ]

    static func order(_ key: String) -> Int {
        ["state", "title", "text", "reason", "deadline", "newDeadline", "doneOn"].firstIndex(of: key) ?? 100
    }

    static func fields(_ json: String?) -> [String: String?] {
        guard let json, let data = json.data(using: .utf8),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return [:] }
        return object.mapValues { $0 is NSNull ? nil : "\($0)" }
    }

    static func value(_ key: String, _ raw: String?, _ lang: Lang) -> String {
        guard let raw, !raw.isEmpty else { return "—" }
        switch key {
        case "state": return ProblemState(rawValue: raw).map(lang.state) ?? raw
        case "sourceChannel": return SourceChannel(rawValue: raw).map(lang.source) ?? raw
        case "rectificationType": return RectificationType(rawValue: raw).map(lang.type) ?? raw
        case "deadline", "doneOn", "foundOn", "notedOn", "newDeadline": return lang.date(LocalDate(raw))
        default: return raw.count > 200 ? String(raw.prefix(200)) + "…" : raw
        }
    }

    static func entity(_ e: AuditEvent, _ lang: Lang) -> String {
        switch e.entity {
        case .problem: return lang.t("问题", "problem")
        case .measure: return lang.t("整改措施", "measure")
        case .progressNote: return lang.t("整改进展", "progress note")
        case .evidence: return lang.t("佐证材料", "evidence")
        case .deadlineChange: return lang.t("时限调整", "deadline change")
        default: return e.entity.rawValue
        }
    }
}
