import Foundation
import TaizhangDomain
import TaizhangSheet
import TaizhangStorage

/// A spreadsheet sent to be imported, and what its sender chose.
public struct ImportRequest: Sendable {
    public var bytes: [UInt8]
    public var fileName: String
    /// The campaign new problems join and numbers are looked up in; nil: the newest campaign.
    public var campaignID: Int64?
    public var mode: ImportMatchMode

    public init(bytes: [UInt8], fileName: String, campaignID: Int64?, mode: ImportMatchMode) {
        self.bytes = bytes
        self.fileName = fileName
        self.campaignID = campaignID
        self.mode = mode
    }
}

/// What an import would do (a dry run), or did.
public struct ImportPreview: Sendable {
    public var fileName: String
    public var sha256: String
    public var campaign: Campaign
    public var mode: ImportMatchMode
    public var plan: ImportPlan
    /// Where headers were found and other readings worth saying.
    public var remarks: [String]
    /// Set once the import is written.
    public var result: ImportResult?
}

/// Importing a ledger spreadsheet: one more way to record and edit problems, with the same rules
/// and the same audit as the API. The whole file is checked before anything is written; a file
/// with any error writes nothing; the writing is one transaction.
public struct ImportCases: Sendable {
    let services: Services

    public init(_ services: Services) {
        self.services = services
    }

    /// Largest file accepted (a province's ledger of 100,000 rows is about 15 MB as .xlsx).
    public static let maxFileBytes = 64 << 20

    /// Reads and checks the file and says what importing it would do; writes nothing.
    public func preview(_ request: ImportRequest, as actor: Principal) async throws -> ImportPreview {
        guard request.bytes.count <= Self.maxFileBytes else {
            throw DomainError(
                .tooLarge, code: "file_too_large", field: "file",
                zh: "文件超过 \(Self.maxFileBytes >> 20) MB，请分批导入",
                en: "the file is larger than \(Self.maxFileBytes >> 20) MB")
        }
        var reading: SheetReading
        do {
            reading = try SheetReading.read(request.bytes, fileName: request.fileName)
        } catch let error as SheetError {
            // The reader's messages already say where (row and column) when there is a where.
            throw DomainError(
                error.kind == .tooLarge ? .tooLarge : .invalid, code: "unreadable_file", field: "file",
                zh: error.zh, en: error.en)
        }
        let campaign = try await campaign(request.campaignID)
        var plan = ImportPlan()
        if reading.headers.isEmpty {
            plan.issues.append(
                ImportIssue(
                    row: nil, column: nil, header: nil, code: "no_header",
                    zh: "前 \(ImportHeader.searchRows) 行中没有找到表头：应有“问题描述”“责任单位”等列名（可下载导入模板对照）",
                    en: "no header row in the first \(ImportHeader.searchRows) rows (expected 问题描述, 责任单位, …)"))
        } else {
            let numbers = reading.records.map { $0.text(.number) }.filter { !$0.isEmpty }
            // Numbers are looked up in the chosen campaign, or in every campaign when none was chosen.
            var found = try await services.problems.existing(
                numbers: numbers, campaignID: request.campaignID, for: actor)
            // The units as an export of this person's writes them: a row that leaves them as exported
            // changes nothing, even where a unit is outside their scope (a supporting unit elsewhere).
            let names = try await UnitNames(services, actor)
            for i in found.indices {
                found[i].leadUnitText = names.name(found[i].problem.leadUnitID)
                found[i].supportingText = found[i].problem.supportingUnitIDs.map(names.name).joined(separator: "、")
            }
            let existing = ExistingProblems(found)
            let context = ImportContext(
                actor: actor, campaign: campaign, units: names.matcher, existing: existing,
                mode: request.mode, now: services.clock.now())
            plan = LedgerImport.plan(reading.takeRecords(), headers: reading.headers, context: context)
            if plan.rows.isEmpty && plan.issues.isEmpty {
                plan.issues.append(
                    ImportIssue(
                        row: nil, column: nil, header: nil, code: "no_rows", zh: "表头下没有要导入的行",
                        en: "there are no rows below the header"))
            }
        }
        return ImportPreview(
            fileName: request.fileName, sha256: BlobStore.digest(request.bytes), campaign: campaign,
            mode: request.mode, plan: plan, remarks: reading.remarks, result: nil)
    }

    /// Checks the file again and, if nothing is wrong, writes it in one transaction.
    public func run(_ request: ImportRequest, as actor: Principal) async throws -> ImportPreview {
        try await apply(try await preview(request, as: actor), as: actor)
    }

    /// Writes what a preview (of this actor, just made) would do. Every rule is checked again in
    /// the transaction, so a preview that went stale meanwhile is refused, not half-applied.
    public func apply(
        _ checked: ImportPreview, as actor: Principal,
        progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil
    ) async throws -> ImportPreview {
        var preview = checked
        guard preview.plan.canApply else {
            let first = preview.plan.issues[0]
            throw DomainError(
                .invalid, code: "import_has_errors", field: "file",
                zh: "文件有 \(preview.plan.issues.count) 处错误，未导入任何内容。第一处：\(first.placeZh)：\(first.zh)",
                en:
                    "the file has \(preview.plan.issues.count) error(s); nothing was imported. First: \(first.placeEn): \(first.en)"
            )
        }
        // What reading and checking the file freed goes back before the writing takes its share.
        FreedMemory.giveBack()
        preview.result = try await services.problems.importRows(
            preview.plan.rows, file: ImportFile(name: preview.fileName, sha256: preview.sha256), by: actor,
            progress: progress)
        return preview
    }

    /// Keeps an uploaded file (by its SHA-256, beside evidence) between the preview and the
    /// confirmation, so the file confirmed is byte for byte the one previewed.
    public func keep(_ bytes: [UInt8]) throws -> String {
        try services.files.store(bytes)
    }

    /// A file kept by `keep`, or a clear refusal when it is gone.
    public func kept(_ sha256: String) throws -> [UInt8] {
        let sha = sha256.lowercased()
        guard sha.count == 64, sha.allSatisfy(\.isHexDigit), let data = services.files.load(sha) else {
            throw DomainError.invalid(
                "file", zh: "找不到预览过的文件，请重新上传", en: "the previewed file is gone; upload it again", code: "upload_gone")
        }
        return Array(data)
    }

    func campaign(_ id: Int64?) async throws -> Campaign {
        if let id { return try await services.campaigns.campaign(id) }
        guard let newest = try await services.campaigns.all().max(by: { $0.startsOn < $1.startsOn }) else {
            throw DomainError.invalid("campaignId", zh: "还没有主题教育，无法导入", en: "there is no campaign to import into")
        }
        return newest
    }

}
