import Foundation
import TaizhangDomain
import TaizhangStorage

/// Evidence on a problem's page: each file with its size, a download link, a preview of images
/// and PDFs in the page, and the upload form (its size and progress shown by app.js when scripts run).
enum EvidenceView {
    static func previewable(_ e: Evidence) -> Bool {
        e.contentType.hasPrefix("image/") || e.contentType == "application/pdf"
    }

    static func section(_ viewer: Viewer, detail: ProblemDetail, uploads: Bool, state: FormState) -> HTML {
        let lang = viewer.lang
        let t = viewer.t
        let id = detail.problem.id
        let items = detail.evidence.map { e -> HTML in
            let file = PageRoute.evidence(problem: id, item: e.id)
            var preview: HTML = .empty
            if e.contentType.hasPrefix("image/") {
                preview = "<img class=\"preview\" src=\"\(file.href)?inline=1\" alt=\"\(e.fileName)\" loading=\"lazy\">"
            } else if e.contentType == "application/pdf" {
                preview = """
                    <details class="preview no-print"><summary>\(t("在页面中预览", "Preview here"))</summary>
                    <iframe src="\(file.href)?inline=1" title="\(e.fileName)" loading="lazy"></iframe></details>
                    """
            }
            return """
                <li><a href="\(file)" download>\(e.fileName)</a> <span class="meta">\(lang.bytes(e.size)) · \(lang.dateTime(e.createdAt))</span>
                \(preview)</li>
                """
        }
        let form: HTML =
            uploads
            ? """
            <form method="post" action="\(PageRoute.uploadEvidence(id))" enctype="multipart/form-data" class="card no-print upload" data-max="\(EvidencePolicy.maxBytes)">
            <h3>\(t("上传佐证材料", "Upload evidence"))</h3>
            \(Layout.csrf(viewer))
            \(UI.alert(state.general(in: "evidence", fields: ["file"], lang)))
            \(UI.input(label: t("文件（图片、PDF、Word、Excel，不超过 \(EvidencePolicy.maxBytes / 1024 / 1024) MB）", "File (image, PDF, Word, Excel; up to \(EvidencePolicy.maxBytes / 1024 / 1024) MB)"), name: "file", id: "evidence-file", value: nil, error: state.message("file", in: "evidence", lang), type: "file", required: true))
            <p class="file-size meta" aria-live="polite"></p>
            <progress class="upload-progress" max="100" value="0" hidden></progress>
            \(UI.submit(t("上传", "Upload")))
            </form>
            """ : .empty
        return """
            <section id="evidence" aria-labelledby="h-evidence"><h2 id="h-evidence">\(t("佐证材料", "Evidence"))</h2>
            \(items.isEmpty ? HTML("<p class=\"empty\">\(t("尚未上传佐证材料。", "No evidence yet."))</p>") : "<ul class=\"evidence\">\(items)</ul>")
            \(form)</section>
            """
    }
}
