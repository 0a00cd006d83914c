import Foundation
import Hummingbird
import HummingbirdTesting
import TaizhangApp
import TaizhangDomain
import TaizhangWeb
import TestSupport
import Testing

/// Holes in what comes in: text that would be cut, answers that do not say what was wrong,
/// files that are not what they claim, and query strings as browsers send them.
@Suite struct InputHoleTests {
    @Test func controlCharactersAreRefusedNotCut() async throws {
        try await withAPI { ledger, client in
            let p = try await ledger.draft()
            let before = try await ledger.auditEventCount()
            let note = try await client.call(
                .post, "/api/v1/problems/\(p.id)/notes", as: "liaisonA1", in: ledger, json: ["text": "a\u{0}b 空字符"])
            #expect(note.status == 400)
            #expect(note["field"] as? String == "text")
            #expect(note["code"] as? String == "control_character")
            let title = try await client.call(
                .post, "/api/v1/problems", as: "office", in: ledger,
                json: [
                    "campaignId": ledger.campaign.id, "title": "\u{0}", "sourceChannel": "audit",
                    "leadUnitId": ledger.countyA1.id,
                    "foundOn": "2026-10-01", "rectificationType": "immediate",
                ])
            #expect(title.status == 400)
            #expect(title["field"] as? String == "title")
            #expect(try await ledger.auditEventCount() == before, "nothing was written")
            let kept = try await client.call(
                .post, "/api/v1/problems/\(p.id)/notes", as: "liaisonA1", in: ledger, json: ["text": "第一行\r\n第二行\t完"])
            #expect(kept.status == 201)
            let stored = try await ledger.problems.detail(p.id, for: ledger.office).notes.last?.text
            #expect(stored == "第一行\r\n第二行\t完", "tabs and line breaks are kept byte for byte")
        }
    }

    @Test func answersNameTheFieldAndRefuseWhatTheyIgnored() async throws {
        try await withAPI { ledger, client in
            let p = try await ledger.draft()
            for number in ["1.5", "1e23"] {
                let r = try await client.call(
                    .post, "/api/v1/problems/\(p.id)/claim", as: "liaisonA1", in: ledger,
                    raw: Array("{\"version\": \(number)}".utf8),
                    contentType: "application/json")
                #expect(r.status == 400)
                #expect(r["field"] as? String == "version", "\(number) names \(r["field"] ?? "nothing")")
            }
            for (field, code) in [
                ("state", "read_only_field"), ("leadUnitId", "read_only_field"), ("titel", "unknown_field"),
            ] {
                let r = try await client.call(
                    .patch, "/api/v1/problems/\(p.id)", as: "office", in: ledger,
                    json: ["version": p.version, field: "closed"])
                #expect(r.status == 400)
                #expect(r["field"] as? String == field)
                #expect(r["code"] as? String == code)
            }
            #expect(try await ledger.problems.problem(p.id, for: ledger.office) == p, "nothing changed")
            for uri in [
                "/api/v1/reports?limit=-1", "/api/v1/problems?limit=-1", "/api/v1/problems/\(p.id)/notes?limit=0",
                "/api/v1/reports?limit=201",
            ] {
                let r = try await client.call(.get, uri, as: "office", in: ledger)
                #expect(r.status == 400, "\(uri)")
                #expect(r["field"] as? String == "limit")
            }
            let sent = try await client.call(
                .post, "/api/v1/reports?unit=\(ledger.countyA1.id)&name=a.txt", as: "liaisonA1", in: ledger,
                raw: Array("针对农村低保对象认定不够精准的问题，开展专项治理。".utf8))
            let report = try #require(sent["id"] as? Int)
            let drafts = try await client.call(
                .post, "/api/v1/reports/\(report)/drafts", as: "office", in: ledger,
                json: [
                    "items": [["article": 0, "problem": 0]], "campaignId": ledger.campaign.id,
                    "category": String(repeating: "类", count: 300),
                ])
            #expect(drafts.status == 400)
            #expect(drafts["field"] as? String == "category")
        }
    }

    @Test func approvingAChangeNeedsTheVersionTheDeciderSaw() async throws {
        try await withAPI { ledger, client in
            let p = try await ledger.draft()
            let change = try await ledger.problems.requestDeadlineChange(
                p.id, to: LocalDate("2027-01-31")!, reason: "跨年", by: ledger.liaisonA1)
            let uri = "/api/v1/problems/\(p.id)/deadline-changes/\(change.id)/approve"
            let missing = try await client.call(.post, uri, as: "office", in: ledger, json: [String: Int]())
            #expect(missing.status == 400)
            #expect(missing["field"] as? String == "version")
            _ = try await ledger.problems.update(
                p.id, version: p.version,
                patch: {
                    var x = ProblemPatch()
                    x.title = "改过"
                    return x
                }(), by: ledger.office)
            let stale = try await client.call(.post, uri, as: "office", in: ledger, json: ["version": p.version])
            #expect(stale.status == 409)
            #expect(stale["currentVersion"] as? Int == p.version + 1)
            let ok = try await client.call(.post, uri, as: "office", in: ledger, json: ["version": p.version + 1])
            #expect(ok.status == 200)
            let twice = try await client.call(
                .post, "/api/v1/problems/\(p.id)/deadline-changes/\(change.id)/reject", as: "office2", in: ledger,
                json: ["version": p.version + 2])
            #expect(twice.status == 409, "the second office does not win too")
        }
    }

    @Test func filesMustBeWhatTheyClaimAndNamesCannotDisguise() async throws {
        try await withAPI { ledger, client in
            let p = try await ledger.draft()
            _ = try await ledger.problems.transition(
                p.id, action: .claim, version: p.version, reason: nil, mergeInto: nil, by: ledger.liaisonA1)
            let pdf = Array("%PDF-1.4 整改".utf8)
            func upload(_ name: String, _ bytes: [UInt8]) async throws -> Reply {
                let encoded = name.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
                return try await client.call(
                    .post, "/api/v1/problems/\(p.id)/evidence?name=\(encoded)", as: "liaisonA1", in: ledger, raw: bytes)
            }
            for bad in ["..", "报告\u{202E}fdp.exe", "a\u{1}.pdf", "../../etc/passwd"] {
                let r = try await upload(bad, pdf)
                #expect(r.status == 400, "\(bad.unicodeScalars.map(\.value))")
                #expect(r["field"] as? String == "name")
            }
            let disguised = try await upload("整改报告.docx", ZipFixture.stored([("setup.exe", [0x4D, 0x5A, 0x90, 0])]))
            #expect(disguised.status == 415)
            #expect(disguised["code"] as? String == "not_office_document")
            #expect(try await upload("整改报告.docx", ZipFixture.docx()).status == 201)
            let spaced = try await client.call(
                .post, "/api/v1/problems/\(p.id)/evidence?name=%E6%95%B4%E6%94%B9+%E6%8A%A5%E5%91%8A.pdf",
                as: "liaisonA1", in: ledger, raw: pdf)
            #expect(spaced["fileName"] as? String == "整改 报告.pdf", "+ in a query string is a space")
            let unit = ledger.countyA1.id
            let blank = try await client.call(
                .post, "/api/v1/reports?unit=\(unit)&name=a.txt", as: "liaisonA1", in: ledger, raw: Array(" \n\t ".utf8)
            )
            #expect(blank.status == 400)
            let walk = try await client.call(
                .post, "/api/v1/reports?unit=\(unit)&name=..%2F..%2Fetc%2Fpasswd", as: "liaisonA1", in: ledger,
                raw: Array("正文".utf8))
            #expect(walk.status == 400)
            #expect(walk["field"] as? String == "name")
            let bomb = try await client.call(
                .post, "/api/v1/reports?unit=\(unit)&name=bomb.docx", as: "liaisonA1", in: ledger,
                raw: ZipFixture.docxBomb)
            #expect(bomb.status == 400)
            #expect(bomb["code"] as? String == "unreadable_report")
            let list = try await client.call(.get, "/api/v1/reports", as: "office", in: ledger)
            #expect(((list.body as? [String: Any])?["items"] as? [Any])?.count == 0, "no refused report was stored")
        }
    }

    @Test func responsesCarrySecurityHeadersAndQueriesDecodePlusAsSpace() async throws {
        try await withAPI { ledger, client in
            let p = try await ledger.draft(title: "probe T1 edited")
            for (uri, login) in [
                ("/api/v1/problems", "office"), ("/api/v1/problems/999999", "office"), ("/api/v1/me", nil),
            ] {
                let r = try await client.call(.get, uri, as: login, in: ledger)
                #expect(r.headers[.init("X-Content-Type-Options")!] == "nosniff", "\(uri)")
                #expect(r.headers[.cacheControl] == "no-store", "\(uri)")
                #expect(r.headers[.init("Referrer-Policy")!] != nil, "\(uri)")
                #expect(
                    r.headers[.init("Content-Security-Policy")!]?.contains("frame-ancestors 'none'") == true, "\(uri)")
            }
            let plus = try await client.call(.get, "/api/v1/problems?q=probe+T1+edited", as: "office", in: ledger)
            let items = (plus.body as? [String: Any])?["items"] as? [[String: Any]]
            #expect(items?.map { $0["id"] as? Int } == [Int(p.id)])
        }
    }
}
