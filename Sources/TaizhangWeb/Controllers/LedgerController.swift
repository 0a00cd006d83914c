import Foundation
import Hummingbird
import NIOCore
import TaizhangApp
import TaizhangDomain
import TaizhangStorage

/// What a unit records against a problem: measures, progress notes and evidence.
struct LedgerController {
    let cases: ProgressCases

    struct MeasureRequest: Decodable, KnownFields {
        static let fields: Set<String> = ["text", "owner", "deadline"]
        let text: String
        let owner: String?
        let deadline: LocalDate?
    }

    /// A measure edit; `doneOn: null` reopens a measure, an absent field leaves it as it is.
    struct MeasureUpdate: Decodable, KnownFields {
        static let fields: Set<String> = ["version", "text", "owner", "deadline", "doneOn"]
        let version: Int
        let patch: MeasurePatch

        enum Keys: String, CodingKey { case version, text, owner, deadline, doneOn }

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: Keys.self)
            version = try c.decode(Int.self, forKey: .version)
            func nullable(_ key: Keys) throws -> LocalDate?? {
                guard c.contains(key) else { return nil }
                return .some(try c.decodeIfPresent(LocalDate.self, forKey: key))
            }
            patch = .init(
                text: try c.decodeIfPresent(String.self, forKey: .text),
                owner: try c.decodeIfPresent(String.self, forKey: .owner), deadline: try nullable(.deadline),
                doneOn: try nullable(.doneOn))
        }
    }

    struct NoteRequest: Decodable, KnownFields {
        static let fields: Set<String> = ["text", "notedOn", "figures"]
        let text: String
        let notedOn: LocalDate?
        let figures: [String: Double]?
    }

    /// POST /problems/{id}/measures — adds a measure.
    func addMeasure(_ request: Request, context: AppContext) async throws -> Response {
        let actor = try context.requirePrincipal()
        let body = try await JSONIO.decode(MeasureRequest.self, from: request, context: context)
        let measure = try await cases.addMeasure(
            to: try context.id(), text: body.text, owner: body.owner ?? "", deadline: body.deadline, by: actor)
        return try JSONIO.response(MeasureDTO(measure), status: .created)
    }

    /// PATCH /problems/{id}/measures/{measureId} — edits a measure or marks it done.
    func updateMeasure(_ request: Request, context: AppContext) async throws -> Response {
        let actor = try context.requirePrincipal()
        let body = try await JSONIO.decode(MeasureUpdate.self, from: request, context: context)
        let measure = try await cases.editMeasure(
            try context.id("measureId"), of: try context.id(), version: body.version, patch: body.patch, by: actor)
        return try JSONIO.response(MeasureDTO(measure))
    }

    /// POST /problems/{id}/notes — appends a progress note (durable, audited).
    func addNote(_ request: Request, context: AppContext) async throws -> Response {
        let actor = try context.requirePrincipal()
        let body = try await JSONIO.decode(NoteRequest.self, from: request, context: context)
        let note = try await cases.addNote(
            to: try context.id(), text: body.text, notedOn: body.notedOn, figures: body.figures ?? [:], by: actor)
        return try JSONIO.response(NoteDTO(note), status: .created)
    }

    /// GET /problems/{id}/notes?before=&limit= — older progress notes, page by page.
    func notes(_ request: Request, context: AppContext) async throws -> Response {
        let actor = try context.requirePrincipal()
        let page = try await cases.notes(
            of: try context.id(), before: try request.queryInt("before"), limit: try Self.trailLimit(request), as: actor
        )
        return try JSONIO.response(TrailPageDTO(items: page.items.map(NoteDTO.init), nextBefore: page.nextBefore))
    }

    /// GET /problems/{id}/history?before=&limit= — older audit events, page by page.
    func history(_ request: Request, context: AppContext) async throws -> Response {
        let actor = try context.requirePrincipal()
        let page = try await cases.history(
            of: try context.id(), before: try request.queryInt("before"), limit: try Self.trailLimit(request), as: actor
        )
        return try JSONIO.response(TrailPageDTO(items: page.items.map(AuditEventDTO.init), nextBefore: page.nextBefore))
    }

    static func trailLimit(_ request: Request) throws -> Int {
        try request.queryLimit(default: 100)
    }

    /// POST /problems/{id}/evidence?name=FILE — the body is the file itself; its bytes decide its type.
    func upload(_ request: Request, context: AppContext) async throws -> Response {
        let actor = try context.requirePrincipal()
        let id = try context.id()
        guard let name = try request.query("name") else { throw DomainError.required("name") }
        var request = request
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: EvidencePolicy.maxBytes)
        } catch {
            throw DomainError(
                .tooLarge, code: "file_too_large", field: "file",
                zh: "文件超过 \(EvidencePolicy.maxBytes / 1024 / 1024) MB",
                en: "the file is larger than \(EvidencePolicy.maxBytes / 1024 / 1024) MB")
        }
        let evidence = try await cases.attachEvidence(
            to: id, fileName: name, declaredType: request.headers[.contentType], bytes: Array(buffer: buffer), by: actor
        )
        return try JSONIO.response(EvidenceDTO(evidence), status: .created)
    }

    /// GET /problems/{id}/evidence/{evidenceId} — the file, as uploaded.
    func download(_ request: Request, context: AppContext) async throws -> Response {
        let actor = try context.requirePrincipal()
        let (evidence, data) = try await cases.evidenceFile(
            try context.id("evidenceId"), of: try context.id(), as: actor)
        var headers = HTTPFields()
        headers[.contentType] = evidence.contentType
        let encoded = evidence.fileName.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "file"
        headers[.contentDisposition] = "attachment; filename*=UTF-8''\(encoded)"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
