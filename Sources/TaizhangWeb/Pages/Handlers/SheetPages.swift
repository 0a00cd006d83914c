import Foundation
import Hummingbird
import TaizhangApp
import TaizhangDomain
import TaizhangStorage

/// Spreadsheets in and out: the ledger view as .xlsx or .csv, the import template, and an import
/// in two steps — upload and see what it would do (nothing written), then confirm.
struct SheetPages {
    let web: WebServices

    /// GET /ledger/export?…filter…&format=xlsx|csv[&sheets=unit]
    func export(_ request: Request, context: AppContext) async throws -> Response {
        let (viewer, principal) = try await Viewer.signedIn(request, context: context, web: web)
        var filter = try ProblemFilter(query: request)
        filter.cursor = nil
        let format = ExportRequest.Format(rawValue: try request.query("format") ?? "xlsx") ?? .xlsx
        let perUnit = try request.query("sheets") == "unit"
        let buffer = ByteCollector()
        _ = try await web.exports.export(
            ExportRequest(
                filter: filter, format: format, sheetPerUnit: perUnit,
                filterDescription: SheetPagesView.describe(filter, viewer)),
            as: principal, sink: { buffer.append($0) })
        let stamp = LocalDate(web.services.clock.now()).description.replacingOccurrences(of: "-", with: "")
        let type =
            format == .xlsx
            ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" : "text/csv; charset=utf-8"
        return download(
            buffer.bytes, type: type, name: "台账-\(stamp).\(format.rawValue)",
            ascii: "ledger-\(stamp).\(format.rawValue)")
    }

    /// GET /ledger/template
    func template(_ request: Request, context: AppContext) async throws -> Response {
        let (_, principal) = try await Viewer.signedIn(request, context: context, web: web)
        let bytes = try await web.exports.template(as: principal)
        return download(
            bytes, type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name: "台账导入模板.xlsx",
            ascii: "ledger-template.xlsx")
    }

    /// GET /imports
    func form(_ request: Request, context: AppContext) async throws -> Response {
        let (viewer, _) = try await Viewer.signedIn(request, context: context, web: web)
        return SheetPagesView.form(viewer, campaigns: try await web.directory.campaigns(), state: .blank)
    }

    /// POST /imports — the file is checked and kept (by its hash) for the confirmation; nothing is written.
    func preview(_ request: Request, context: AppContext) async throws -> Response {
        let (viewer, principal) = try await Viewer.signedIn(request, context: context, web: web)
        let form = try await Form.read(
            request, context: context, viewer: viewer, maxBytes: ImportCases.maxFileBytes + 65_536)
        let campaigns = try await web.directory.campaigns()
        do {
            guard let file = form.files["file"] else {
                throw DomainError.invalid(
                    "file", zh: "请选择要导入的表格文件", en: "choose a spreadsheet to import", code: "required")
            }
            let importRequest = try importRequest(from: form, bytes: file.bytes, name: file.name)
            let preview = try await web.imports.preview(importRequest, as: principal)
            _ = try web.imports.keep(file.bytes)
            return SheetPagesView.preview(viewer, preview)
        } catch let error as DomainError {
            var values = form.typed
            values["file"] = nil
            return SheetPagesView.form(
                viewer, campaigns: campaigns, state: FormState(form: "import", values: values, error: error),
                status: ProblemDetailsMiddleware.status(for: error.kind))
        }
    }

    /// POST /imports/confirm — the file previewed (by hash), checked again and written in one transaction.
    func confirm(_ request: Request, context: AppContext) async throws -> Response {
        let (viewer, principal) = try await Viewer.signedIn(request, context: context, web: web)
        let form = try await Form.read(request, context: context, viewer: viewer)
        let campaigns = try await web.directory.campaigns()
        do {
            let bytes = try web.imports.kept(form.text("sha256") ?? "")
            let importRequest = try importRequest(from: form, bytes: bytes, name: form.text("name") ?? "import.xlsx")
            let done = try await web.imports.run(importRequest, as: principal)
            return SheetPagesView.preview(viewer, done)
        } catch let error as DomainError {
            return SheetPagesView.form(
                viewer, campaigns: campaigns, state: FormState(form: "import", values: form.typed, error: error),
                status: ProblemDetailsMiddleware.status(for: error.kind))
        }
    }

    func importRequest(from form: Form, bytes: [UInt8], name: String) throws -> ImportRequest {
        let mode = ImportMatchMode(rawValue: form.text("mode") ?? "stop") ?? .stop
        var campaignID: Int64?
        if let text = form.text("campaign"), !text.isEmpty {
            guard let id = Int64(text) else {
                throw DomainError.invalid("campaign", zh: "主题教育无效", en: "not a campaign")
            }
            campaignID = id
        }
        return ImportRequest(
            bytes: bytes, fileName: try FileName.checked(name, field: "file"), campaignID: campaignID, mode: mode)
    }

    /// A file to save: the Chinese name for browsers that read RFC 5987, an ASCII one for the rest.
    func download(_ bytes: [UInt8], type: String, name: String, ascii: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = type
        headers[.contentDisposition] =
            "attachment; filename=\"\(ascii)\"; filename*=UTF-8''\(PageRoute.encode(name))"
        headers[.cacheControl] = "no-store"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}

/// Gathers an export's chunks (the sink is called on the exporting task only).
final class ByteCollector: @unchecked Sendable {
    private(set) var bytes: [UInt8] = []
    func append(_ chunk: [UInt8]) { bytes += chunk }
}
