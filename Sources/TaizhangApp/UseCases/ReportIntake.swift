import Foundation
import NIOPosix
import TaizhangDomain
import TaizhangIntake
import TaizhangPDF
import TaizhangStorage

/// Reports units send in: read, stored raw and clean, looked through, and turned into draft problems.
public struct ReportIntake: Sendable {
    let services: Services

    public init(_ services: Services) {
        self.services = services
    }

    /// A unit submits a report (a file or pasted text): it is read, and kept raw and clean.
    public func submit(
        _ bytes: [UInt8], fileName: String, unitID: Int64, campaignID: Int64?, by actor: Principal
    ) async throws -> ReportView {
        let name = try FileName.checked(fileName)
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) {
            throw DomainError.invalid("file", zh: "简报内容为空", en: "the report is empty", code: "empty_report")
        }
        let report = try await Self.read(bytes, fileName: name)
        if report.articles.allSatisfy({ $0.body.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }) {
            throw DomainError.invalid(
                "file", zh: "简报中没有可读的正文", en: "the report has no readable text", code: "empty_report")
        }
        let articles = try report.articles.enumerated().map { index, a in
            StoredArticle(
                seq: index, title: a.title, source: a.source, published: a.published, author: a.author, body: a.body,
                findings: try ArticleFindings(a).encoded())
        }
        let stored = try await services.reports.add(
            unitID: unitID, campaignID: campaignID, fileName: name, raw: bytes, articles: articles,
            blobs: services.files, by: actor)
        return try await view(stored, as: actor)
    }

    /// Reads a report's bytes. Reading is CPU work proportional to the file: it runs on the
    /// thread pool, never on a thread that serves requests.
    public static func read(_ bytes: [UInt8], fileName: String) async throws -> IncomingReport {
        try await NIOThreadPool.singleton.runIfActive { try readNow(bytes, fileName: fileName) }
    }

    /// The same, on the caller's thread (the CLI reads files one by one).
    public static func readNow(_ bytes: [UInt8], fileName: String?) throws -> IncomingReport {
        do {
            // A PDF's text layer, in reading order, then read like any text.
            if bytes.starts(with: Array("%PDF".utf8)) {
                return IncomingReportReader().read(text: try PDFText.extract(bytes), fileName: fileName)
            }
            return try IncomingReportReader().read(data: Data(bytes), fileName: fileName)
        } catch let error as IncomingReportReadError {
            throw DomainError(
                .invalid, code: error == .oldOffice ? "old_office_format" : "unreadable_report", field: "file",
                zh: "无法读取简报：\(error.chinese)", en: "the report cannot be read: \(error.description)")
        } catch let error as PDFText.Failure {
            switch error {
            case .unavailable:
                throw DomainError(
                    .unsupportedMedia, code: "pdf_unavailable", field: "file",
                    zh: "服务器未安装 PDF 读取组件（poppler：apt install libpoppler-glib8），请联系管理员，或上传 .docx / 文本",
                    en: "this server cannot read PDF: poppler is not installed (apt install libpoppler-glib8)")
            case .unreadable(let why):
                throw DomainError(
                    .invalid, code: "unreadable_report", field: "file", zh: "PDF 文件无法打开（已损坏或设有密码）：\(why)",
                    en: "the PDF cannot be opened (damaged or password-protected): \(why)")
            case .noTextLayer(let pages):
                throw DomainError(
                    .invalid, code: "scanned_pdf", field: "file",
                    zh: "这份 PDF（\(pages) 页）没有文字层，像是扫描件：请上传带文字的 PDF 或 Word 文件，或先做文字识别（OCR）",
                    en:
                        "this PDF (\(pages) pages) has no text layer, as a scan: send a PDF with text, a Word file, or run OCR first"
                )
            }
        }
    }

    /// Looks through the reports in the viewer's scope, newest first.
    public func list(unitID: Int64?, text: String?, limit: Int, as viewer: Principal) async throws -> [StoredReport] {
        try await services.reports.list(unitID: unitID, text: text, limit: limit, for: viewer)
    }

    /// Opens one report with its findings, duplicate suggestions and tallies beside the ledger.
    public func open(_ id: Int64, as viewer: Principal) async throws -> ReportView {
        try await view(try await services.reports.report(id, for: viewer), as: viewer)
    }

    /// An office turns chosen found problems into draft ledger entries, measures attached, in one transaction.
    public func draftProblems(
        from reportID: Int64, _ request: ReportDraftRequest, by actor: Principal
    ) async throws -> [Problem] {
        let stored = try await services.reports.report(reportID, for: actor)
        let items = try ReportDraftPlan.drafts(for: request, from: stored, today: services.clock.today())
        return try await services.problems.draftFromReport(stored.id, items: items, by: actor)
    }

    func view(_ report: StoredReport, as viewer: Principal) async throws -> ReportView {
        let candidates = try await services.reports.duplicateCandidates(
            under: report.unitPath, campaignID: report.campaignID)
        let counts = try await services.problems.counts(
            unitID: report.unitID, campaignID: report.campaignID, for: viewer)
        let drafted = try await services.reports.draftedProblems(reportID: report.id, for: viewer)
        return try ReportView(report, candidates: candidates, ledger: LedgerTally(counts), drafted: drafted)
    }
}
