import Foundation
import Hummingbird
import TaizhangApp
import TaizhangDomain
import TaizhangStorage

enum ReportListView {
    static func render(
        _ viewer: Viewer, reports: [StoredReport], query: String?, units: [(unit: OrgUnit, depth: Int)],
        campaigns: [Campaign],
        state: FormState, status: HTTPResponse.Status
    ) -> Response {
        let lang = viewer.lang
        let t = viewer.t
        let rows = reports.map { r -> HTML in
            """
            <tr><td><a href="\(PageRoute.report(r.id))">\(r.fileName)</a></td><td class="n">\(r.articles.count)</td>
            <td>\(lang.bytes(r.rawSize))</td><td>\(lang.dateTime(r.createdAt))</td></tr>
            """
        }
        let unitOptions = UI.unitOptions(units)
        let campaignOptions = campaigns.map { (value: String($0.id), label: $0.name) }
        let body: HTML = """
            <h1>\(t("简报", "Reports"))</h1>
            <p class="lead">\(t("上传各单位报送的简报（Word、PDF、文本），或直接粘贴正文：系统找出其中的问题、措施、数字和时限，并与台账核对。", "Upload a report a unit sent (Word, PDF, text) or paste it: the problems, measures, figures and deadlines in it are found and checked against the ledger."))</p>
            <form method="post" action="\(PageRoute.reports)" enctype="multipart/form-data" class="card upload">
            <h2>\(t("读取一份简报", "Read a report"))</h2>
            \(Layout.csrf(viewer))
            \(UI.alert(state.general(in: "report", fields: ["unit", "file", "text", "campaign"], lang)))
            \(UI.select(label: t("报送单位", "Reporting unit"), name: "unit", options: unitOptions, selected: state.value("unit", in: "report"), error: state.message("unit", in: "report", lang)))
            \(UI.select(label: t("专项行动", "Campaign"), name: "campaign", options: campaignOptions, selected: state.value("campaign", in: "report"), error: state.message("campaign", in: "report", lang), blank: t("（不指定）", "(none)")))
            \(UI.input(label: t("简报文件", "Report file"), name: "file", value: nil, error: state.message("file", in: "report", lang), type: "file", extra: " accept=\".docx,.pdf,.txt,.html,.htm\""))
            <p class="file-size meta" aria-live="polite"></p>
            <progress class="upload-progress" max="100" value="0" hidden></progress>
            \(UI.input(label: t("或：简报标题", "Or: the report's title"), name: "title", value: state.value("title", in: "report"), error: nil))
            \(UI.textarea(label: t("简报正文（粘贴）", "Report text (paste)"), name: "text", value: state.value("text", in: "report"), error: state.message("text", in: "report", lang), rows: 6))
            \(UI.submit(t("读取", "Read it")))
            </form>
            <section aria-labelledby="h-list"><h2 id="h-list">\(t("已读取的简报", "Reports read"))</h2>
            <form method="get" action="\(PageRoute.reports)" role="search" class="filters">
            \(UI.input(label: t("搜索简报", "Search reports"), name: "q", id: "report-q", value: query, error: nil, type: "search"))
            <div class="field buttons">\(UI.submit(t("搜索", "Search"), kind: "secondary"))</div></form>
            \(rows.isEmpty ? HTML("<p class=\"empty\">\(t("还没有简报。", "No reports yet."))</p>") : """
            <div class="table-wrap"><table><thead><tr><th scope="col">\(t("文件", "File"))</th><th scope="col">\(t("篇数", "Articles"))</th><th scope="col">\(t("大小", "Size"))</th><th scope="col">\(t("读取时间", "Read at"))</th></tr></thead><tbody>\(rows)</tbody></table></div>
            """)
            </section>
            """
        return Layout.page(viewer, title: t("简报", "Reports"), section: .reports, status: status, body: body)
    }
}

/// What a tally in a report states, in words: 共 12，已完成 9，完成率 75%.
private func stated(_ tally: ReportView.Tally, _ lang: Lang) -> String {
    var parts: [String] = []
    if let total = tally.total { parts.append(lang.t("共 \(total)", "\(total)")) }
    if let closed = tally.counts["closed"] { parts.append(lang.t("已完成 \(closed)", "\(closed) done")) }
    if let rate = tally.completionRate {
        parts.append(lang.t("完成率 ", "rate ") + String(format: "%.0f%%", rate * 100))
    }
    return parts.isEmpty ? "—" : parts.joined(separator: lang.t("，", ", "))
}

extension ReportView {
    /// The report's page: articles, what was found in each, the tallies against the ledger, and
    /// the form that turns ticked problems into drafts.
    enum Page {
        static func render(
            _ viewer: Viewer, report: ReportView, campaigns: [Campaign], units: [(unit: OrgUnit, depth: Int)],
            state: FormState, picked: Set<String> = [], drafted justDrafted: Bool = false,
            status: HTTPResponse.Status = .ok
        ) -> Response {
            let lang = viewer.lang
            let t = viewer.t
            let articles = report.articles.map { a -> HTML in
                let found = a.problems.map { f -> HTML in
                    let key = "\(a.seq):\(f.index)"
                    let id = "pick-\(a.seq)-\(f.index)"
                    let measures: HTML =
                        f.measures.isEmpty
                        ? .empty
                        : "<ul class=\"found-measures\">\(f.measures.map { m -> HTML in "<li>\(m)</li>" })</ul>"
                    let duplicates: HTML =
                        f.duplicates.isEmpty
                        ? "<p class=\"meta\">\(t("台账中没有相似的问题。", "Nothing like it on the ledger."))</p>"
                        : """
                        <div class="dups"><p class="meta">\(t("台账中可能重复的问题（勾选前请核对；重复的可不勾选，或在原问题中补充进展）：", "Possibly already on the ledger (check before ticking; skip a duplicate, or add to the existing problem):"))</p><ul>\(f.duplicates.map { d -> HTML in
                            let mid = "merge-\(a.seq)-\(f.index)-\(d.id)"
                            return """
                                <li><a href="\(PageRoute.problem(d.id))">\(d.number) \(d.title)</a> <span class="tag">\(t("相似度", "similarity")) \(Int(d.similarity * 100))%</span>
                                <span class="field check inline-check"><input type="checkbox" form="draft-form" name="merge" value="\(a.seq):\(f.index):\(d.id)" id="\(mid)"><label for="\(mid)">\(t("不新建，记入该问题的进展", "don't add; note it on this problem"))</label></span></li>
                                """
                        })</ul></div>
                        """
                    let checked: HTML = picked.contains(key) ? " checked" : ""
                    return """
                        <li class="found\(f.duplicates.isEmpty ? "" : " has-dups")">
                        <div class="field check"><input type="checkbox" form="draft-form" name="pick" value="\(key)" id="\(id)"\(checked)><label for="\(id)">\(f.problem)</label></div>
                        \(measures)\(duplicates)</li>
                        """
                }
                let tallies = a.tallies.map { tally -> HTML in
                    let mark: HTML =
                        tally.mismatch
                        ? "<span class=\"tag overdue\">\(t("与台账不一致", "differs from the ledger"))</span>"
                        : "<span class=\"tag done\">\(t("与台账一致", "matches the ledger"))</span>"
                    return """
                        <tr><td>\(tally.text)</td><td class="n">\(stated(tally, lang))</td>
                        <td class="n">\(lang.t("共 \(tally.ledger.total)，已销号 \(tally.ledger.closed)", "\(tally.ledger.total), \(tally.ledger.closed) closed"))</td><td>\(mark)</td></tr>
                        """
                }
                let figures = a.quantities.prefix(12).map { q -> HTML in "<li>\(q.text)</li>" }
                let deadlines = a.deadlines.prefix(12).map { d -> HTML in "<li>\(d.text)</li>" }
                return """
                    <article class="report-article" aria-labelledby="a-\(a.seq)">
                    <h2 id="a-\(a.seq)">\(a.title ?? t("第 \(a.seq + 1) 篇", "Article \(a.seq + 1)"))</h2>
                    <p class="meta">\(a.source ?? "") \(a.published ?? "")</p>
                    \(found.isEmpty ? HTML("<p class=\"empty\">\(t("本篇未发现问题。", "No problems found in this article."))</p>") : """
                    <h3>\(t("发现的问题", "Problems found")) <span class="sub">\(found.count)</span></h3><ol class="found-list">\(found)</ol>
                    """)
                    \(tallies.isEmpty ? .empty : """
                    <h3>\(t("简报中的数字与台账核对", "Figures in the report against the ledger"))</h3>
                    <div class="table-wrap"><table><thead><tr><th scope="col">\(t("原文", "Text"))</th><th scope="col">\(t("简报所述", "Stated"))</th><th scope="col">\(t("台账", "Ledger"))</th><th scope="col">\(t("核对", "Check"))</th></tr></thead><tbody>\(tallies)</tbody></table></div>
                    """)
                    \(figures.isEmpty ? .empty : "<h3>\(t("数字", "Figures"))</h3><ul class=\"chips\">\(figures)</ul>")
                    \(deadlines.isEmpty ? .empty : "<h3>\(t("时限", "Deadlines"))</h3><ul class=\"chips\">\(deadlines)</ul>")
                    <details><summary>\(t("原文", "Full text"))</summary><p class="pre">\(a.body)</p></details>
                    </article>
                    """
            }
            let drafted = report.drafted.map { d -> HTML in
                "<li><a href=\"\(PageRoute.problem(d.id))\">\(d.number) \(d.title)</a></li>"
            }
            let body: HTML = """
                <p class="crumbs no-print"><a href="\(PageRoute.reports)">\(t("简报", "Reports"))</a> › \(report.fileName)</p>
                <h1>\(report.fileName)</h1>
                <p class="meta">\(lang.bytes(report.size)) · \(t("共", "")) \(report.articles.count) \(t("篇", "articles"))</p>
                \(UI.notice(justDrafted ? t("已生成问题草稿，见本页末尾。", "Drafts created; see the end of this page.") : nil))
                \(UI.alert(state.general(in: "draft", fields: ["deadline", "category", "campaignId", "leadUnitId"], lang)))
                <form method="post" action="\(PageRoute.draftFromReport(report.id))" id="draft-form" class="card draft-bar no-print">
                \(Layout.csrf(viewer))
                <p>\(t("勾选下面发现的问题，生成待认领的问题草稿。", "Tick found problems below to put them on the ledger as drafts."))</p>
                \(UI.select(label: t("专项行动", "Campaign"), name: "campaign", id: "draft-campaign", options: campaigns.map { (value: String($0.id), label: $0.name) }, selected: state.value("campaign", in: "draft", default: report.campaignId.map(String.init)), error: state.message("campaignId", in: "draft", lang)))
                \(UI.select(label: t("责任单位", "Lead unit"), name: "unit", id: "draft-unit", options: UI.unitOptions(units), selected: state.value("unit", in: "draft", default: String(report.unitId)), error: state.message("leadUnitId", in: "draft", lang)))
                \(UI.input(label: t("整改时限（可选）", "Deadline (optional)"), name: "deadline", value: state.value("deadline", in: "draft"), error: state.message("deadline", in: "draft", lang), type: "date"))
                \(UI.input(label: t("问题类别（可选）", "Category (optional)"), name: "category", value: state.value("category", in: "draft"), error: state.message("category", in: "draft", lang)))
                \(UI.submit(t("生成问题草稿", "Create drafts")))
                </form>
                \(articles)
                <section id="drafted" aria-labelledby="h-drafted"><h2 id="h-drafted">\(t("已由本简报生成的问题", "Problems drafted from this report"))</h2>
                \(drafted.isEmpty ? HTML("<p class=\"empty\">\(t("尚未生成。", "None yet."))</p>") : "<ul>\(drafted)</ul>")</section>
                """
            return Layout.page(viewer, title: report.fileName, section: .reports, status: status, body: body)
        }
    }
}
