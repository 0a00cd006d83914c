import Foundation
import Hummingbird
import TaizhangApp
import TaizhangDomain
import TaizhangStorage

/// The import page (upload), the preview of what a file would do, and the result.
enum SheetPagesView {
    /// The ledger filter in words, for an export's title row.
    static func describe(_ f: ProblemFilter, _ viewer: Viewer) -> String {
        let lang = viewer.lang
        var parts: [String] = []
        if let q = f.text, !q.isEmpty { parts.append(viewer.t("搜索“\(q)”", "search “\(q)”")) }
        if let unit = f.unitID { parts.append(viewer.t("单位 #\(unit) 及下级", "unit #\(unit) and below")) }
        if let campaign = f.campaignID { parts.append(viewer.t("主题教育 #\(campaign)", "campaign #\(campaign)")) }
        if !f.states.isEmpty { parts.append(f.states.map { lang.state($0) }.joined(separator: "、")) }
        if !f.sourceChannels.isEmpty { parts.append(f.sourceChannels.map { lang.source($0) }.joined(separator: "、")) }
        if let c = f.category { parts.append(c) }
        if f.overdue == true { parts.append(viewer.t("逾期", "overdue")) }
        if let from = f.deadlineFrom { parts.append(viewer.t("时限自 \(from.chinese)", "due from \(from)")) }
        if let to = f.deadlineTo { parts.append(viewer.t("时限至 \(to.chinese)", "due by \(to)")) }
        return parts.joined(separator: viewer.t("，", ", "))
    }

    static func form(
        _ viewer: Viewer, campaigns: [Campaign], state: FormState, status: HTTPResponse.Status = .ok
    ) -> Response {
        let t = viewer.t
        let lang = viewer.lang
        let campaignOptions = campaigns.map { (value: String($0.id), label: $0.name) }
        let modes: [(value: String, label: String)] = [
            ("stop", t("只新增：表中有已存在的问题编号就停止", "New only: stop if a row names an existing problem")),
            ("skip", t("新增，跳过已有问题", "Add new rows, skip existing problems")),
            ("update", t("新增，并更新已有问题", "Add new rows and update existing problems")),
        ]
        let body: HTML = """
            <h1>\(t("导入表格", "Import a spreadsheet"))</h1>
            <p class="lead">\(t("上传 Excel（.xlsx）或 CSV 台账：没有问题编号的行新增问题，有问题编号的行更新该问题。先检查整个文件并预览，确认后才写入；有任何错误则不导入。", "Upload an Excel (.xlsx) or CSV ledger: rows without 问题编号 add problems, rows with one update it. The whole file is checked and previewed first; nothing is written until you confirm, and nothing at all if any row is wrong."))</p>
            <p><a href="\(PageRoute.importTemplate)">\(t("下载导入模板（含填写说明和下拉选项）", "Download the template (with notes and drop-down lists)"))</a></p>
            <form method="post" action="\(PageRoute.imports)" enctype="multipart/form-data" class="card upload" data-max="\(ImportCases.maxFileBytes)">
            \(Layout.csrf(viewer))
            \(UI.alert(state.general(in: "import", fields: ["file", "campaign", "mode"], lang)))
            \(UI.input(label: t("表格文件", "Spreadsheet"), name: "file", value: nil, error: state.message("file", in: "import", lang), type: "file", required: true, extra: " accept=\".xlsx,.csv\""))
            <p class="file-size meta" aria-live="polite"></p>
            <progress class="upload-progress" max="100" value="0" hidden></progress>
            \(UI.select(label: t("主题教育", "Campaign"), name: "campaign", options: campaignOptions, selected: state.value("campaign", in: "import"), error: state.message("campaign", in: "import", lang), blank: t("（最新的）", "(the newest)")))
            \(UI.select(label: t("已有问题", "Existing problems"), name: "mode", options: modes, selected: state.value("mode", in: "import") ?? "stop", error: nil))
            \(UI.submit(t("检查并预览", "Check and preview")))
            </form>
            """
        return Layout.page(viewer, title: t("导入表格", "Import"), section: .ledger, status: status, body: body)
    }

    /// Rows shown in a preview; the counts cover them all.
    static let shownRows = 500

    static func preview(_ viewer: Viewer, _ p: ImportPreview) -> Response {
        let t = viewer.t
        let plan = p.plan
        let counts: HTML = """
            <dl class="counts">
            <div><dt>\(t("新增", "New"))</dt><dd>\(plan.creates)</dd></div>
            <div><dt>\(t("更新", "Changed"))</dt><dd>\(plan.updates)</dd></div>
            <div><dt>\(t("无变化", "Unchanged"))</dt><dd>\(plan.unchanged)</dd></div>
            <div><dt>\(t("跳过", "Skipped"))</dt><dd>\(plan.skipped)</dd></div>
            <div><dt>\(t("冲突（不导入）", "Conflicts (left alone)"))</dt><dd>\(plan.conflicts)</dd></div>
            <div><dt>\(t("错误", "Errors"))</dt><dd>\(plan.issues.count)</dd></div>
            </dl>
            """
        let issues = plan.issues.prefix(shownRows).map { i -> HTML in
            "<tr><td>\(i.sheet ?? "")</td><td class=\"n\">\(i.row.map(String.init) ?? "")</td><td>\(i.column ?? "")</td><td>\(i.header ?? "")</td><td>\(viewer.t(i.zh, i.en))</td></tr>"
        }
        let issueTable: HTML =
            plan.issues.isEmpty
            ? .empty
            : """
            <section aria-labelledby="h-issues"><h2 id="h-issues">\(t("需要改正的地方", "What to correct"))</h2>
            <p>\(t("改正后重新上传；本次没有写入任何内容。", "Correct them and upload again; nothing was written."))</p>
            <div class="table-wrap"><table class="issues"><thead><tr><th scope="col">\(t("工作表", "Sheet"))</th><th scope="col">\(t("行", "Row"))</th><th scope="col">\(t("列", "Column"))</th><th scope="col">\(t("列名", "Header"))</th><th scope="col">\(t("问题", "Problem"))</th></tr></thead>
            <tbody>\(issues)</tbody></table></div></section>
            """
        let rows = plan.rows.prefix(shownRows).map { row -> HTML in
            let (what, number, cls) = outcome(row.outcome, viewer)
            let changes = row.changes.map { c -> HTML in
                c.old.isEmpty
                    ? "<li><strong>\(c.column)</strong>：\(c.new)</li>"
                    : "<li><strong>\(c.column)</strong>：<del>\(c.old)</del> → <ins>\(c.new)</ins></li>"
            }
            let remarks = row.remarks.map { r -> HTML in "<li class=\"remark\">\(r)</li>" }
            return """
                <tr class="\(cls)"><td class="n">\(row.row)</td><td>\(what)</td><td class="num">\(number)</td>
                <td><ul class="changes-list">\(changes)\(remarks)</ul></td></tr>
                """
        }
        let confirm: HTML
        if let r = p.result {
            confirm = """
                <p class="notice" role="status">\(t("已导入：新增 \(r.createdNumbers.count) 个问题，更新 \(r.updated) 个，新增措施 \(r.measuresAdded) 条、进展 \(r.notesAdded) 条。", "Imported: \(r.createdNumbers.count) new problems, \(r.updated) changed, \(r.measuresAdded) measures and \(r.notesAdded) notes added."))
                <a href="\(PageRoute.ledger(ProblemFilter()))">\(t("查看台账", "Open the ledger"))</a></p>
                """
        } else if plan.canApply && plan.creates + plan.updates > 0 {
            confirm = """
                <form method="post" action="\(PageRoute.confirmImport)" class="card no-print">
                \(Layout.csrf(viewer))
                <input type="hidden" name="sha256" value="\(p.sha256)">
                <input type="hidden" name="name" value="\(p.fileName)">
                <input type="hidden" name="campaign" value="\(String(p.campaign.id))">
                <input type="hidden" name="mode" value="\(p.mode.rawValue)">
                <p>\(t("确认后一次写入（新增 \(plan.creates)，更新 \(plan.updates)）；每项修改都记入历史，注明来自此文件。", "Confirm to write it all at once (\(plan.creates) new, \(plan.updates) changed); every change is recorded as coming from this file."))</p>
                \(UI.submit(t("确认导入", "Import")))
                </form>
                """
        } else if plan.canApply {
            confirm = "<p class=\"notice\">\(t("没有需要写入的内容。", "There is nothing to write."))</p>"
        } else {
            confirm =
                "<p class=\"alert\" role=\"alert\">\(t("文件有错误，未导入任何内容。", "The file has errors; nothing was imported."))</p>"
        }
        let title = p.result == nil ? t("导入预览", "Import preview") : t("导入结果", "Import result")
        let body: HTML = """
            <h1>\(title)</h1>
            <p class="lead">\(p.fileName) → \(p.campaign.name) <span class="meta">SHA-256 \(String(p.sha256.prefix(12)))…</span></p>
            \(p.remarks.isEmpty ? HTML.empty : HTML("<ul class=\"remarks\">\(p.remarks.map { r -> HTML in "<li>\(r)</li>" })</ul>"))
            \(counts)
            \(confirm)
            \(issueTable)
            <section aria-labelledby="h-rows"><h2 id="h-rows">\(t("逐行", "Row by row"))</h2>
            \(plan.rows.count > shownRows ? HTML("<p class=\"meta\">\(t("只列出前 \(shownRows) 行。", "Only the first \(shownRows) rows are listed."))</p>") : HTML.empty)
            <div class="table-wrap"><table class="import-rows"><thead><tr><th scope="col">\(t("行", "Row"))</th><th scope="col">\(t("结果", "Outcome"))</th><th scope="col">\(t("问题编号", "Number"))</th><th scope="col">\(t("字段", "Fields"))</th></tr></thead>
            <tbody>\(rows)</tbody></table></div></section>
            <p class="no-print"><a href="\(PageRoute.imports)">\(t("导入另一个文件", "Import another file"))</a></p>
            """
        return Layout.page(viewer, title: title, section: .ledger, body: body)
    }

    static func outcome(_ o: RowOutcome, _ viewer: Viewer) -> (String, String, String) {
        let t = viewer.t
        switch o {
        case .create: return (t("新增", "new"), "", "is-new")
        case .update(_, let number, _, _, _, _): return (t("更新", "changed"), number, "is-changed")
        case .unchanged(_, let number): return (t("无变化", "unchanged"), number, "")
        case .skipped(_, let number): return (t("跳过", "skipped"), number, "")
        case .conflict(_, let number, let exported, let current):
            return (
                t(
                    "冲突：导出后已被他人修改（版本 \(exported) → \(current)），本行不导入，左为系统中现值",
                    "conflict: changed since the export (version \(exported) → \(current)); left alone, the ledger's value on the left"
                ),
                number, "is-conflict"
            )
        }
    }
}
