import Foundation
import Hummingbird
import TaizhangApp
import TaizhangDomain
import TaizhangStorage

/// The new-problem and edit forms. Validation messages come from the same use cases (and so the
/// same errors) as the API, shown beside their field with what was typed kept. A stale edit shows
/// what the other person changed beside what this person typed, and keeps both.
struct ProblemFormPages {
    let web: WebServices

    /// The descriptive fields a form edits, in the order shown.
    static let fields = [
        "title", "description", "sourceChannel", "sourceRef", "category", "responsibleLeader", "responsiblePerson",
        "foundOn", "rectificationType",
    ]

    static func values(of p: Problem) -> [String: String] {
        [
            "title": p.title, "description": p.description, "sourceChannel": p.sourceChannel.rawValue,
            "sourceRef": p.sourceRef, "category": p.category, "responsibleLeader": p.responsibleLeader,
            "responsiblePerson": p.responsiblePerson, "foundOn": p.foundOn.description,
            "rectificationType": p.rectificationType.rawValue,
        ]
    }

    /// GET /problems/{id}/edit
    func editForm(_ request: Request, context: AppContext) async throws -> Response {
        let (viewer, principal) = try await Viewer.signedIn(request, context: context, web: web)
        let detail = try await web.problems.open(try context.id(), as: principal)
        let p = detail.problem
        return ProblemFormView.edit(
            viewer, problem: p, values: Self.values(of: p), original: Self.values(of: p), version: p.version,
            error: nil, changedByOthers: [:])
    }

    /// POST /problems/{id}/edit
    func save(_ request: Request, context: AppContext) async throws -> Response {
        let (viewer, principal) = try await Viewer.signedIn(request, context: context, web: web)
        let id = try context.id()
        let form = try await Form.read(request, context: context, viewer: viewer)
        var typed: [String: String] = [:]
        var original: [String: String] = [:]
        for field in Self.fields {
            typed[field] = form[field] ?? ""
            original[field] = form["orig-" + field] ?? ""
        }
        let version = Int(form["version"] ?? "") ?? 0
        do {
            var patch = ProblemPatch()
            // Only what the person changed goes in the patch: a field they left alone is not
            // written back over what someone else saved meanwhile.
            func changed(_ f: String) -> String? { typed[f] != original[f] ? typed[f] : nil }
            patch.title = changed("title")
            patch.description = changed("description")
            patch.sourceChannel = try changed("sourceChannel").map { try Self.enumValue($0, "sourceChannel") }
            patch.sourceRef = changed("sourceRef")
            patch.category = changed("category")
            patch.responsibleLeader = changed("responsibleLeader")
            patch.responsiblePerson = changed("responsiblePerson")
            patch.foundOn = try changed("foundOn").map { try Self.date($0, "foundOn") }
            patch.rectificationType = try changed("rectificationType").map {
                try Self.enumValue($0, "rectificationType")
            }
            _ = try await web.problems.edit(id, version: version, patch: patch, by: principal)
            throw PageRedirect(location: PageRoute.problem(id).href + "?done=saved")
        } catch let error as DomainError where error.kind != .notFound {
            let current = try await web.problems.open(id, as: principal).problem
            var others: [String: String] = [:]
            var shown = typed
            var nextOriginal = original
            var nextVersion = version
            if error.code == "stale_version" {
                // What changed since this person opened the form is shown beside the field. A field
                // they left alone takes the new value (so saving again does not undo the other
                // person's change); a field they typed in keeps what they typed.
                let now = Self.values(of: current)
                for field in Self.fields where now[field] != original[field] {
                    others[field] = now[field]
                    if typed[field] == original[field] { shown[field] = now[field] }
                }
                nextOriginal = now
                nextVersion = current.version
            }
            return ProblemFormView.edit(
                viewer, problem: current, values: shown, original: nextOriginal, version: nextVersion, error: error,
                changedByOthers: others, status: ProblemDetailsMiddleware.status(for: error.kind))
        }
    }

    /// GET /problems/new
    func newForm(_ request: Request, context: AppContext) async throws -> Response {
        let (viewer, principal) = try await Viewer.signedIn(request, context: context, web: web)
        var values = ["foundOn": viewer.today.description, "rectificationType": RectificationType.timeBound.rawValue]
        if let unit = try request.query("unit") { values["leadUnitId"] = unit }
        return try await newPage(viewer, principal, values: values, error: nil)
    }

    func newPage(
        _ viewer: Viewer, _ principal: Principal, values: [String: String], error: DomainError?,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let campaigns = try await web.directory.campaigns()
        let units = try await web.unitsToPick(for: principal)
        return ProblemFormView.new(
            viewer, values: values, campaigns: campaigns, units: units, error: error, status: status)
    }

    /// POST /problems/new
    func create(_ request: Request, context: AppContext) async throws -> Response {
        let (viewer, principal) = try await Viewer.signedIn(request, context: context, web: web)
        let form = try await Form.read(request, context: context, viewer: viewer)
        do {
            guard let campaign = form.text("campaignId").flatMap({ Int64($0) }) else {
                throw DomainError.required("campaignId")
            }
            guard let unit = form.text("leadUnitId").flatMap({ Int64($0) }) else {
                throw DomainError.required("leadUnitId")
            }
            guard let found = form.text("foundOn") else { throw DomainError.required("foundOn") }
            let draft = ProblemDraft(
                campaignID: campaign, title: form.text("title") ?? "", description: form["description"] ?? "",
                sourceChannel: try Self.enumValue(form["sourceChannel"] ?? "", "sourceChannel"),
                sourceRef: form.text("sourceRef") ?? "", category: form.text("category") ?? "", leadUnitID: unit,
                supportingUnitIDs: [], responsibleLeader: form.text("responsibleLeader") ?? "",
                responsiblePerson: form.text("responsiblePerson") ?? "", foundOn: try Self.date(found, "foundOn"),
                deadline: try form.text("deadline").map { try Self.date($0, "deadline") },
                rectificationType: try Self.enumValue(form["rectificationType"] ?? "", "rectificationType"))
            let problem = try await web.problems.record(draft, by: principal)
            throw PageRedirect(location: PageRoute.problem(problem.id).href + "?done=created")
        } catch let error as DomainError {
            return try await newPage(
                viewer, principal, values: form.typed, error: error,
                status: ProblemDetailsMiddleware.status(for: error.kind))
        }
    }

    static func enumValue<E: RawRepresentable>(_ text: String, _ field: String) throws -> E where E.RawValue == String {
        guard let value = E(rawValue: text) else {
            throw DomainError.invalid(field, zh: "请选择一项", en: "choose one of the options")
        }
        return value
    }

    static func date(_ text: String, _ field: String) throws -> LocalDate {
        guard let date = LocalDate(text.trimmingCharacters(in: .whitespaces)) else {
            throw DomainError.invalid(field, zh: "日期格式应为 年-月-日，例如 2019-07-28", en: "a date like 2019-07-28 is expected")
        }
        return date
    }
}

enum ProblemFormView {
    static func descriptiveFields(
        _ viewer: Viewer, values: [String: String], error: DomainError?, others: [String: String]
    )
        -> HTML
    {
        let lang = viewer.lang
        let t = viewer.t
        func message(_ field: String) -> String? {
            if let other = others[field] {
                return t("他人已改为：", "Someone else changed it to: ") + (other.isEmpty ? "（空）" : other)
            }
            return error?.field == field ? lang.message(error!) : nil
        }
        let sources = SourceChannel.allCases.map { (value: $0.rawValue, label: lang.source($0)) }
        let types = RectificationType.allCases.map { (value: $0.rawValue, label: lang.type($0)) }
        return """
            \(UI.input(label: t("问题标题", "Title"), name: "title", value: values["title"], error: message("title"), required: true))
            \(UI.textarea(label: t("问题描述", "Description"), name: "description", value: values["description"], error: message("description"), rows: 5))
            \(UI.select(label: t("问题来源", "Source"), name: "sourceChannel", options: sources, selected: values["sourceChannel"], error: message("sourceChannel"), blank: t("请选择", "Choose")))
            \(UI.input(label: t("来源说明（文号、批次）", "Source reference"), name: "sourceRef", value: values["sourceRef"], error: message("sourceRef")))
            \(UI.input(label: t("问题类别", "Category"), name: "category", value: values["category"], error: message("category")))
            \(UI.input(label: t("责任领导", "Responsible leader"), name: "responsibleLeader", value: values["responsibleLeader"], error: message("responsibleLeader")))
            \(UI.input(label: t("责任人", "Responsible person"), name: "responsiblePerson", value: values["responsiblePerson"], error: message("responsiblePerson")))
            \(UI.input(label: t("发现日期", "Found on"), name: "foundOn", value: values["foundOn"], error: message("foundOn"), type: "date", required: true))
            \(UI.select(label: t("整改类型", "Type"), name: "rectificationType", options: types, selected: values["rectificationType"], error: message("rectificationType")))
            """
    }

    static func edit(
        _ viewer: Viewer, problem p: Problem, values: [String: String], original: [String: String], version: Int,
        error: DomainError?, changedByOthers: [String: String], status: HTTPResponse.Status = .ok
    ) -> Response {
        let t = viewer.t
        let originals = ProblemFormPages.fields.map { f -> HTML in
            "<input type=\"hidden\" name=\"orig-\(f)\" value=\"\(original[f] ?? "")\">"
        }
        let stale: HTML =
            error?.code == "stale_version"
            ? UI.alert(
                t(
                    "保存前，他人已修改了这个问题。您填写的内容仍保留在下面；他人改动的字段旁有说明。请核对后再次保存。",
                    "Someone else changed this problem before you saved. What you typed is kept below; the fields they changed say so. Check, then save again."
                ))
            : UI.alert(
                error.flatMap { e in
                    e.field == nil || !ProblemFormPages.fields.contains(e.field!) ? viewer.lang.message(e) : nil
                })
        let body: HTML = """
            <p class="crumbs"><a href="\(PageRoute.problem(p.id))">\(p.number)</a> › \(t("编辑", "Edit"))</p>
            <h1>\(t("编辑问题", "Edit problem")) \(p.number)</h1>
            \(stale)
            <form method="post" action="\(PageRoute.editProblem(p.id))" class="card form-grid">
            \(Layout.csrf(viewer))<input type="hidden" name="version" value="\(version)">\(originals)
            \(descriptiveFields(viewer, values: values, error: error, others: changedByOthers))
            <div class="buttons">\(UI.submit(t("保存", "Save")))<a class="btn secondary" href="\(PageRoute.problem(p.id))">\(t("取消", "Cancel"))</a></div>
            </form>
            """
        return Layout.page(
            viewer, title: t("编辑", "Edit") + " " + p.number, section: .ledger, status: status, body: body)
    }

    static func new(
        _ viewer: Viewer, values: [String: String], campaigns: [Campaign], units: [(unit: OrgUnit, depth: Int)],
        error: DomainError?,
        status: HTTPResponse.Status
    ) -> Response {
        let lang = viewer.lang
        let t = viewer.t
        func message(_ field: String) -> String? { error?.field == field ? lang.message(error!) : nil }
        let known = ProblemFormPages.fields + ["campaignId", "leadUnitId", "deadline"]
        let body: HTML = """
            <h1>\(t("新增问题", "New problem"))</h1>
            \(UI.alert(error.flatMap { e in e.field == nil || !known.contains(e.field!) ? lang.message(e) : nil }))
            <form method="post" action="\(PageRoute.newProblem)" class="card form-grid">
            \(Layout.csrf(viewer))
            \(UI.select(label: t("专项行动", "Campaign"), name: "campaignId", options: campaigns.map { (value: String($0.id), label: $0.name) }, selected: values["campaignId"], error: message("campaignId"), required: true))
            \(UI.select(label: t("责任单位", "Lead unit"), name: "leadUnitId", options: UI.unitOptions(units), selected: values["leadUnitId"], error: message("leadUnitId"), required: true, blank: t("请选择", "Choose")))
            \(descriptiveFields(viewer, values: values, error: error, others: [:]))
            \(UI.input(label: t("整改时限", "Deadline"), name: "deadline", value: values["deadline"], error: message("deadline"), type: "date"))
            <div class="buttons">\(UI.submit(t("录入台账", "Add to the ledger")))</div>
            </form>
            """
        return Layout.page(viewer, title: t("新增问题", "New problem"), section: .ledger, status: status, body: body)
    }
}
