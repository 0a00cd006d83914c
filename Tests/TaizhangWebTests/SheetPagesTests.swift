import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import TaizhangApp
import TaizhangDomain
import TaizhangSheet
import TaizhangStorage
import TestSupport
import Testing

@testable import TaizhangWeb

/// Export, template and the two-step import through the real router.
@Suite struct SheetPagesTests {
    static func upload(
        _ client: any TestClientProtocol, as login: String, in ledger: Ledger, file: [UInt8], name: String,
        fields: [(String, String)], token: Bool = true
    ) async throws -> PagesTests.Page {
        let session = ledger.tokens[login]!
        let boundary = "----taizhang-test-boundary"
        var body: [UInt8] = []
        var all = fields
        if token { all.append(("_csrf", UserRepository.formToken(session: session))) }
        for (k, v) in all {
            body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(k)\"\r\n\r\n\(v)\r\n".utf8)
        }
        body += Array(
            "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(name)\"\r\nContent-Type: text/csv\r\n\r\n"
                .utf8)
        body += file + Array("\r\n--\(boundary)--\r\n".utf8)
        var headers = HTTPFields()
        headers[.cookie] = "tz_session=\(session)"
        headers[.contentType] = "multipart/form-data; boundary=\(boundary)"
        return try await client.execute(
            uri: PageRoute.imports.href, method: .post, headers: headers, body: ByteBuffer(bytes: body)
        ) { response in
            PagesTests.Page(
                status: Int(response.status.code), headers: response.headers, body: String(buffer: response.body))
        }
    }

    static func download(_ client: any TestClientProtocol, _ uri: String, as login: String, in ledger: Ledger)
        async throws -> (Int, HTTPFields, [UInt8])
    {
        var headers = HTTPFields()
        headers[.cookie] = "tz_session=\(ledger.tokens[login]!)"
        return try await client.execute(uri: uri, method: .get, headers: headers) { response in
            (Int(response.status.code), response.headers, Array(buffer: response.body))
        }
    }

    @Test func theLedgerViewDownloadsAsAWorkbookOfTheViewersScopeOnly() async throws {
        try await withAPI { ledger, client in
            _ = try await ledger.draft(title: "清徐县的问题")
            _ = try await ledger.draft(in: ledger.countyA2, title: "阳曲县的问题")
            let uri = PageRoute.exportLedger(ProblemFilter(), format: "xlsx", perUnit: false).href
            let (status, headers, bytes) = try await Self.download(client, uri, as: "liaisonA2", in: ledger)
            #expect(status == 200)
            #expect(headers[.contentType] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            #expect(headers[.contentDisposition]?.hasPrefix("attachment;") == true)
            let book = try Workbook(xlsx: bytes)
            var texts: [String] = []
            try book.rows(sheet: 0) { row in
                for c in row.cells { if case .text(let s) = c.value { texts.append(s) } }
            }
            let own = texts.contains { $0.hasPrefix("阳曲县的问题") }
            let neighbours = texts.contains { $0.hasPrefix("清徐县的问题") }
            #expect(own && !neighbours)
            let csv = PageRoute.exportLedger(ProblemFilter(), format: "csv", perUnit: false).href
            let (_, csvHeaders, csvBytes) = try await Self.download(client, csv, as: "office", in: ledger)
            #expect(csvHeaders[.contentType] == "text/csv; charset=utf-8")
            #expect(csvBytes.starts(with: [0xEF, 0xBB, 0xBF]))
            let (templateStatus, _, template) = try await Self.download(
                client, PageRoute.importTemplate.href, as: "office", in: ledger)
            #expect(templateStatus == 200)
            #expect(try Workbook(xlsx: template).sheetNames == ["问题台账", "填写说明", "可选值"])
        }
    }

    @Test func anImportIsPreviewedThenConfirmedAndNeedsItsFormToken() async throws {
        try await withAPI { ledger, client in
            let csv = Array("\u{FEFF}问题来源,问题描述,责任单位,整改时限\n巡视,网页导入的问题,清徐县,2026-12-31\n".utf8)
            let forged = try await Self.upload(
                client, as: "office", in: ledger, file: csv, name: "清单.csv", fields: [("mode", "stop")], token: false)
            #expect(forged.status == 403)
            let preview = try await Self.upload(
                client, as: "office", in: ledger, file: csv, name: "清单.csv", fields: [("mode", "stop")])
            #expect(preview.status == 200)
            #expect(preview.body.contains("导入预览") && preview.body.contains("网页导入的问题"))
            #expect(try await ledger.problems.list(ProblemFilter(), for: ledger.office).items.isEmpty)
            let sha = BlobStore.digest(csv)
            #expect(preview.body.contains(sha))
            let done = try await PagesTests.page(
                client, .post, PageRoute.confirmImport.href, as: "office", in: ledger,
                form: [("sha256", sha), ("name", "清单.csv"), ("mode", "stop"), ("campaign", String(ledger.campaign.id))])
            #expect(done.status == 200)
            #expect(done.body.contains("已导入"))
            let items = try await ledger.problems.list(ProblemFilter(), for: ledger.office).items
            #expect(items.map(\.title) == ["网页导入的问题"])
            // A wrong file says where, and keeps nothing.
            let bad = Array("问题来源,问题描述,责任单位\n巡视,另一个,不存在的局\n".utf8)
            let refused = try await Self.upload(
                client, as: "office", in: ledger, file: bad, name: "错.csv", fields: [("mode", "stop")])
            #expect(refused.body.contains("需要改正的地方") && refused.body.contains("不存在的局"))
            #expect(refused.body.contains("<td class=\"n\">2</td><td>C</td><td>责任单位</td>"))
            #expect(!refused.body.contains("确认导入"))
        }
    }
}
