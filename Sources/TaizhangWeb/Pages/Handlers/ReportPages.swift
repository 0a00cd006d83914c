import Foundation
import Hummingbird
import TaizhangApp
import TaizhangDomain
import TaizhangStorage

/// Reports (简报): upload a file or paste its text, see what the reader found, and turn the
/// found problems a person ticks into drafts, with likely duplicates beside each.
struct ReportPages {
    let web: WebServices

    /// GET /reports
    func list(_ request: Request, context: AppContext) async throws -> Response {
        let (viewer, principal) = try await Viewer.signedIn(request, context: context, web: web)
        return try await listPage(viewer, principal, query: try request.query("q"), state: .blank)
    }

    func listPage(
        _ viewer: Viewer, _ principal: Principal, query: String?, state: FormState, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let reports = try await web.reports.list(unitID: nil, text: query, limit: 50, as: principal)
        let units = try await web.unitsToPick(for: principal)
        let campaigns = try await web.directory.campaigns()
        return ReportListView.render(
            viewer, reports: reports, query: query, units: units, campaigns: campaigns, state: state, status: status)
    }

    /// POST /reports (multipart: a file, or pasted text)
    func submit(_ request: Request, context: AppContext) async throws -> Response {
        let (viewer, principal) = try await Viewer.signedIn(request, context: context, web: web)
        let form = try await Form.read(request, context: context, viewer: viewer, maxBytes: 20 * 1024 * 1024)
        do {
            guard let unitText = form.text("unit"), let unitID = Int64(unitText) else {
                throw DomainError.required("unit")
            }
            let campaignID = form.text("campaign").flatMap { Int64($0) }
            let bytes: [UInt8]
            let name: String
            if let file = form.files["file"] {
                bytes = file.bytes
                name = file.name
            } else if let text = form.text("text") {
                bytes = Array(text.utf8)
                name = (form.text("title") ?? viewer.t("粘贴的简报", "pasted report")) + ".txt"
            } else {
                throw DomainError.invalid(
                    "file", zh: "请选择简报文件，或粘贴简报正文", en: "choose a report file or paste its text", code: "required")
            }
            let view = try await web.reports.submit(
                bytes, fileName: name, unitID: unitID, campaignID: campaignID, by: principal)
            throw PageRedirect(to: .report(view.id))
        } catch let error as DomainError {
            var values = form.typed
            values["file"] = nil
            return try await listPage(
                viewer, principal, query: nil, state: FormState(form: "report", values: values, error: error),
                status: ProblemDetailsMiddleware.status(for: error.kind))
        }
    }

    /// GET /reports/{id}
    func show(_ request: Request, context: AppContext) async throws -> Response {
        let (viewer, principal) = try await Viewer.signedIn(request, context: context, web: web)
        let view = try await web.reports.open(try context.id(), as: principal)
        return ReportView.Page.render(
            viewer, report: view, campaigns: try await web.directory.campaigns(),
            units: try await web.unitsToPick(for: principal), state: .blank,
            drafted: (try? request.query("drafted")) == "1")
    }

    /// POST /reports/{id}/drafts — the ticked found problems (`pick` = "article:problem").
    func draft(_ request: Request, context: AppContext) async throws -> Response {
        let (viewer, principal) = try await Viewer.signedIn(request, context: context, web: web)
        let id = try context.id()
        let form = try await Form.read(request, context: context, viewer: viewer)
        do {
            let items = form.values("pick").compactMap { pick -> ReportDraftRequest.Item? in
                let parts = pick.split(separator: ":")
                guard parts.count == 2, let a = Int(parts[0]), let p = Int(parts[1]) else { return nil }
                return ReportDraftRequest.Item(article: a, problem: p)
            }
            // "Already on the ledger": the found problem goes onto the existing one as a note.
            let merges = form.values("merge").compactMap { value -> (article: Int, problem: Int, into: Int64)? in
                let parts = value.split(separator: ":")
                guard parts.count == 3, let a = Int(parts[0]), let p = Int(parts[1]), let into = Int64(parts[2]) else {
                    return nil
                }
                return (a, p, into)
            }
            guard !items.isEmpty || !merges.isEmpty else {
                throw DomainError.invalid(
                    "pick", zh: "请至少勾选一个问题", en: "tick at least one found problem", code: "required")
            }
            let report = try await web.reports.open(id, as: principal)
            for merge in merges {
                guard let article = report.articles.first(where: { $0.seq == merge.article }),
                    let found = article.problems.first(where: { $0.index == merge.problem })
                else { throw DomainError.invalid("merge", zh: "所选问题不在本简报中", en: "no such found problem") }
                let text = viewer.t(
                    "简报《\(report.fileName)》反映：\(found.problem)",
                    "Report “\(report.fileName)” says: \(found.problem)")
                _ = try await web.progress.addNote(
                    to: merge.into, text: text, notedOn: nil, figures: [:], by: principal)
            }
            guard !items.isEmpty else { throw PageRedirect(location: PageRoute.report(id).href + "?drafted=1#drafted") }
            let deadline = try ProblemPages.date(form, "deadline")
            _ = try await web.reports.draftProblems(
                from: id,
                ReportDraftRequest(
                    items: items, campaignID: form.text("campaign").flatMap { Int64($0) },
                    leadUnitID: form.text("unit").flatMap { Int64($0) }, deadline: deadline,
                    category: form.text("category")),
                by: principal)
            throw PageRedirect(location: PageRoute.report(id).href + "?drafted=1#drafted")
        } catch let error as DomainError where error.kind != .notFound {
            let view = try await web.reports.open(id, as: principal)
            return ReportView.Page.render(
                viewer, report: view, campaigns: try await web.directory.campaigns(),
                units: try await web.unitsToPick(for: principal),
                state: FormState(form: "draft", values: form.typed, error: error),
                picked: Set(form.values("pick")), status: ProblemDetailsMiddleware.status(for: error.kind))
        }
    }
}
