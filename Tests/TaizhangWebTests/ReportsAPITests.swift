import Foundation
import Hummingbird
import HummingbirdTesting
import TaizhangApp
import TaizhangDomain
import TaizhangWeb
import TestSupport
import Testing

/// Reports: stored raw and clean, searchable in scope, turned into drafts with duplicate suggestions.
@Suite struct ReportsAPITests {
    static let bulletin = """
        省民政厅整改情况通报
        针对农村低保对象认定不够精准、存在人情保关系保的问题，深入开展农村低保专项治理，建立问题清单和整改清单。
        针对养老服务机构安全管理不到位的问题，开展养老院服务质量建设专项行动，逐项整改销号。
        巡察反馈25个问题，已完成整改19个、正在整改6个，整改完成率76%。
        """

    func submit(_ client: some TestClientProtocol, _ ledger: Ledger, as login: String = "liaisonA1", unit: Int64? = nil)
        async throws -> Reply
    {
        try await client.call(
            .post, "/api/v1/reports?unit=\(unit ?? ledger.countyA1.id)&campaign=\(ledger.campaign.id)&name=通报.txt",
            as: login, in: ledger, raw: Array(Self.bulletin.utf8), contentType: "text/plain; charset=utf-8")
    }

    func decode(_ reply: Reply) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(buffer: reply.raw)) as! [String: Any]
    }

    @Test func aReportIsReadStoredAndFoundProblemsBecomeDraftsWithMeasures() async throws {
        try await withAPI { ledger, client in
            // An existing problem that the report restates in other words.
            let existing = try await ledger.draft(title: "农村低保对象认定不精准，存在人情保、关系保问题")
            _ = try await ledger.draft(title: "干部队伍结构不够优化问题")
            let reply = try await submit(client, ledger)
            #expect(reply.status == 201)
            let report = try decode(reply)
            let articles = try #require(report["articles"] as? [[String: Any]])
            let found = try #require(articles.first?["problems"] as? [[String: Any]])
            #expect(found.count >= 2)
            let dibao = try #require(found.first { ($0["problem"] as? String)?.contains("低保") == true })
            let suggestions = dibao["duplicates"] as? [[String: Any]] ?? []
            #expect(suggestions.first?["number"] as? String == existing.number, "the restated problem is suggested")
            let elderly = try #require(found.first { ($0["problem"] as? String)?.contains("养老") == true })
            #expect((elderly["duplicates"] as? [[String: Any]] ?? []).isEmpty, "an unrelated problem is not matched")
            let tallies = try #require(articles.first?["tallies"] as? [[String: Any]])
            let tally = try #require(tallies.first)
            #expect(tally["mismatch"] as? Bool == true, "the ledger has 2 problems, the report says 25")

            // Drafting needs an office or supervision role; the liaison only reports.
            let id = try #require(report["id"] as? Int)
            let refused = try await client.call(
                .post, "/api/v1/reports/\(id)/drafts", as: "liaisonA1", in: ledger,
                json: ["items": [["article": 0, "problem": 1]]])
            #expect(refused.status == 403)
            let made = try await client.call(
                .post, "/api/v1/reports/\(id)/drafts", as: "office", in: ledger,
                json: ["items": [["article": 0, "problem": 1]], "deadline": "2027-03-31"])
            #expect(made.status == 201)
            let drafts = try #require(try decode(made)["items"] as? [[String: Any]])
            let draftID = try #require(drafts.first?["id"] as? Int)
            let detail = try await ledger.problems.detail(Int64(draftID), for: ledger.office)
            #expect(detail.problem.sourceChannel == .report)
            #expect(detail.problem.state == .draft)
            #expect(detail.measures.count >= 1, "measures come along")
            let again = try decode(try await client.call(.get, "/api/v1/reports/\(id)", as: "office", in: ledger))
            #expect((again["drafted"] as? [[String: Any]])?.count == 1, "the report links its drafts")
        }
    }

    @Test func reportsAreSearchableOnlyInScope() async throws {
        try await withAPI { ledger, client in
            #expect(try await submit(client, ledger).status == 201)
            let hit = try decode(
                try await client.call(.get, "/api/v1/reports?q=%E4%BD%8E%E4%BF%9D", as: "office", in: ledger))
            #expect((hit["items"] as? [Any])?.count == 1)
            let miss = try decode(
                try await client.call(.get, "/api/v1/reports?q=%E6%B2%A1%E6%9C%89", as: "office", in: ledger))
            #expect((miss["items"] as? [Any])?.count == 0)
            let other = try decode(try await client.call(.get, "/api/v1/reports", as: "liaisonA2", in: ledger))
            #expect((other["items"] as? [Any])?.count == 0)
            let id = try #require((hit["items"] as? [[String: Any]])?.first?["id"] as? Int)
            #expect(try await client.call(.get, "/api/v1/reports/\(id)", as: "liaisonA2", in: ledger).status == 404)
            #expect(try await submit(client, ledger, as: "liaisonA2", unit: ledger.countyA1.id).status == 400)
        }
    }

    @Test func unreadableReportsAreRefusedAndNothingIsStored() async throws {
        try await withAPI { ledger, client in
            let empty = try await client.call(
                .post, "/api/v1/reports?unit=\(ledger.countyA1.id)&name=a.txt", as: "liaisonA1", in: ledger, raw: [])
            #expect(empty.status == 400)
            let binary = try await client.call(
                .post, "/api/v1/reports?unit=\(ledger.countyA1.id)&name=a.txt", as: "liaisonA1", in: ledger,
                raw: [0x7F, 0x45, 0x4C, 0x46, 0, 0, 0, 0, 1, 2, 3, 0, 0, 0])
            #expect(binary.status == 400)
            #expect(binary["field"] as? String == "file")
            let list = try decode(try await client.call(.get, "/api/v1/reports", as: "office", in: ledger))
            #expect((list["items"] as? [Any])?.count == 0)
        }
    }
}
