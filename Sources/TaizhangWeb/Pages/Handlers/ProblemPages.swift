import Foundation
import Hummingbird
import TaizhangApp
import TaizhangDomain
import TaizhangStorage

/// A problem's page and every form on it. Each POST calls the same use case as the API; on
/// success it redirects back (so a reload does not post twice), on a refusal it shows the page
/// again with the message beside the form that was posted and what the person typed kept.
struct ProblemPages {
    let web: WebServices

    /// GET /problems/{id}
    func show(_ request: Request, context: AppContext) async throws -> Response {
        let (viewer, principal) = try await Viewer.signedIn(request, context: context, web: web)
        let notice = try request.query("done").flatMap(Notice.init(rawValue:))
        return try await page(viewer, principal, id: try context.id(), state: .blank, notice: notice)
    }

    func page(
        _ viewer: Viewer, _ principal: Principal, id: Int64, state: FormState, notice: Notice? = nil,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let detail = try await web.problems.open(id, as: principal)
        let units = try await web.problems.units(of: [detail.problem])
        let names = try await web.problems.people(in: detail)
        return ProblemView.render(
            viewer, principal: principal, detail: detail, units: units, names: names, state: state, notice: notice,
            status: status)
    }

    /// Runs a form's use case; answers with a redirect to the page, or the page with the error.
    func submit(
        _ request: Request, context: AppContext, form name: String, maxBytes: Int = Form.maxFieldsBytes,
        done notice: Notice, _ work: @Sendable (Form, Principal, Int64) async throws -> Void
    ) async throws -> Response {
        let (viewer, principal) = try await Viewer.signedIn(request, context: context, web: web)
        let id = try context.id()
        let form = try await Form.read(request, context: context, viewer: viewer, maxBytes: maxBytes)
        do {
            try await work(form, principal, id)
        } catch let error as DomainError where error.kind != .notFound {
            let state = FormState(form: name, values: form.typed, error: error)
            return try await page(
                viewer, principal, id: id, state: state, status: ProblemDetailsMiddleware.status(for: error.kind))
        }
        // A form on another page (the list of pending deadline changes) says where to go back to.
        if let back = form["back"] { throw PageRedirect(location: PageRoute.safeNext(back)) }
        throw PageRedirect(location: PageRoute.problem(id).href + "?done=\(notice.rawValue)#\(notice.anchor)")
    }

    /// POST /problems/{id}/actions/{action}
    func act(_ request: Request, context: AppContext) async throws -> Response {
        guard let action = context.parameters.get("action").flatMap(ProblemAction.init(rawValue:)) else {
            throw DomainError.notFound(.problem)
        }
        return try await submit(request, context: context, form: "action-" + action.rawValue, done: .acted) {
            [web] form, principal, id in
            let into: Int64?
            if action == .merge {
                guard let text = form.text("into"), let value = Int64(text) else {
                    throw DomainError.invalid(
                        "into", zh: "请填写要合并到的问题的内部编号（数字）", en: "enter the id of the problem to merge into")
                }
                into = value
            } else {
                into = nil
            }
            _ = try await web.problems.act(
                action, on: id, version: try Self.version(form), reason: form.text("reason"), mergeInto: into,
                by: principal)
        }
    }

    /// POST /problems/{id}/measures
    func addMeasure(_ request: Request, context: AppContext) async throws -> Response {
        try await submit(request, context: context, form: "measure", done: .measureAdded) { [web] form, principal, id in
            _ = try await web.progress.addMeasure(
                to: id, text: form.text("text") ?? "", owner: form.text("owner") ?? "",
                deadline: try Self.date(form, "deadline"), by: principal)
        }
    }

    /// POST /problems/{id}/measures/{measureId}/done
    func measureDone(_ request: Request, context: AppContext) async throws -> Response {
        let measure = try context.id("measureId")
        return try await submit(request, context: context, form: "measure-\(measure)", done: .measureDone) {
            [web] form, principal, id in
            let undo = form["undo"] == "1"
            _ = try await web.progress.editMeasure(
                measure, of: id, version: try Self.version(form),
                patch: MeasurePatch(doneOn: .some(undo ? nil : web.services.clock.today())), by: principal)
        }
    }

    /// POST /problems/{id}/measures/{measureId} — the measure's text, owner and due date.
    func editMeasure(_ request: Request, context: AppContext) async throws -> Response {
        let measure = try context.id("measureId")
        return try await submit(request, context: context, form: "measure-\(measure)", done: .measureDone) {
            [web] form, principal, id in
            let due = try Self.date(form, "deadline")
            _ = try await web.progress.editMeasure(
                measure, of: id, version: try Self.version(form),
                patch: MeasurePatch(
                    text: form.text("text") ?? "", owner: form.text("owner") ?? "", deadline: .some(due)),
                by: principal)
        }
    }

    /// POST /problems/{id}/notes
    func addNote(_ request: Request, context: AppContext) async throws -> Response {
        try await submit(request, context: context, form: "note", done: .noteAdded) { [web] form, principal, id in
            _ = try await web.progress.addNote(
                to: id, text: form["text"] ?? "", notedOn: try Self.date(form, "notedOn"), figures: [:], by: principal)
        }
    }

    /// POST /problems/{id}/evidence (multipart)
    func upload(_ request: Request, context: AppContext) async throws -> Response {
        try await submit(
            request, context: context, form: "evidence", maxBytes: EvidencePolicy.maxBytes + 64 * 1024,
            done: .evidenceAdded
        ) { [web] form, principal, id in
            guard let file = form.files["file"] else { throw DomainError.required("file") }
            _ = try await web.progress.attachEvidence(
                to: id, fileName: file.name, declaredType: file.contentType, bytes: file.bytes, by: principal)
        }
    }

    /// GET /problems/{id}/evidence/{evidenceId}[?inline=1] — the file; shown in the page when it
    /// is an image or a PDF, otherwise downloaded.
    func evidence(_ request: Request, context: AppContext) async throws -> Response {
        let (_, principal) = try await Viewer.signedIn(request, context: context, web: web)
        let (evidence, data) = try await web.progress.evidenceFile(
            try context.id("evidenceId"), of: try context.id(), as: principal)
        var headers = HTTPFields()
        headers[.contentType] = evidence.contentType
        let encoded = evidence.fileName.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "file"
        let inline = (try? request.query("inline")) == "1" && EvidenceView.previewable(evidence)
        headers[.contentDisposition] = "\(inline ? "inline" : "attachment"); filename*=UTF-8''\(encoded)"
        if inline {
            // Framed by our own problem page only; nothing in the file may run.
            headers[.contentSecurityPolicy] =
                "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'; sandbox"
        }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// POST /problems/{id}/deadline-changes
    func requestDeadline(_ request: Request, context: AppContext) async throws -> Response {
        try await submit(request, context: context, form: "deadline", done: .deadlineRequested) {
            [web] form, principal, id in
            guard let date = try Self.date(form, "deadline") else { throw DomainError.required("deadline") }
            _ = try await web.deadlines.request(on: id, to: date, reason: form["reason"] ?? "", by: principal)
        }
    }

    /// POST /problems/{id}/deadline-changes/{changeId}/{approve|reject}
    func decideDeadline(_ request: Request, context: AppContext) async throws -> Response {
        let change = try context.id("changeId")
        let approve = context.parameters.get("decision") == "approve"
        return try await submit(request, context: context, form: "decide-\(change)", done: .deadlineDecided) {
            [web] form, principal, id in
            _ = try await web.deadlines.decide(
                change, on: id, version: try Self.version(form), approve: approve, by: principal)
        }
    }

    static func version(_ form: Form) throws -> Int {
        guard let text = form["version"], let version = Int(text) else { throw DomainError.required("version") }
        return version
    }

    static func date(_ form: Form, _ field: String) throws -> LocalDate? {
        guard let text = form.text(field) else { return nil }
        guard let date = LocalDate(text) else {
            throw DomainError.invalid(field, zh: "日期格式应为 年-月-日，例如 2019-07-28", en: "a date like 2019-07-28 is expected")
        }
        return date
    }

    /// What the page says after a form succeeded (a fixed set: nothing typed is echoed from the URL).
    enum Notice: String, Sendable {
        case acted
        case measureAdded = "measure"
        case measureDone = "measure-done"
        case noteAdded = "note"
        case evidenceAdded = "evidence"
        case deadlineRequested = "deadline"
        case deadlineDecided = "deadline-decided"
        case saved, created

        func text(_ lang: Lang) -> String {
            switch self {
            case .acted: return lang.t("操作已完成。", "Done.")
            case .measureAdded: return lang.t("已添加整改措施。", "Measure added.")
            case .measureDone: return lang.t("已更新整改措施。", "Measure updated.")
            case .noteAdded: return lang.t("已添加整改进展。", "Progress note added.")
            case .evidenceAdded: return lang.t("佐证材料已上传。", "Evidence uploaded.")
            case .deadlineRequested: return lang.t("已提交延期申请。", "Deadline change requested.")
            case .deadlineDecided: return lang.t("已处理延期申请。", "Deadline change decided.")
            case .saved: return lang.t("已保存修改。", "Changes saved.")
            case .created: return lang.t("问题已录入台账。", "The problem is on the ledger.")
            }
        }

        var anchor: String {
            switch self {
            case .measureAdded, .measureDone: return "measures"
            case .noteAdded: return "notes"
            case .evidenceAdded: return "evidence"
            case .deadlineRequested, .deadlineDecided: return "deadlines"
            case .acted, .saved, .created: return "main"
            }
        }
    }
}
