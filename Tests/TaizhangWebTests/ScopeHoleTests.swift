import Foundation
import Hummingbird
import HummingbirdTesting
import TaizhangApp
import TaizhangDomain
import TaizhangWeb
import TestSupport
import Testing

/// Holes a sibling county found in scope: what a response embeds, what an error reveals, and
/// what a supporting unit may see and do.
@Suite struct ScopeHoleTests {
    @Test func aReportShowsOnlyTheDraftsTheReaderMaySee() async throws {
        try await withAPI { ledger, client in
            let text = "针对农村低保对象认定不够精准的问题，开展专项治理，建立整改清单。"
            let sent = try await client.call(
                .post, "/api/v1/reports?unit=\(ledger.countyA2.id)&campaign=\(ledger.campaign.id)&name=a2.txt",
                as: "liaisonA2",
                in: ledger, raw: Array(text.utf8))
            #expect(sent.status == 201)
            let id = try #require(sent["id"] as? Int)
            // The office drafts a problem for county A1 from county A2's report.
            let drafted = try await client.call(
                .post, "/api/v1/reports/\(id)/drafts", as: "office", in: ledger,
                json: ["items": [["article": 0, "problem": 0]], "leadUnitId": ledger.countyA1.id])
            #expect(drafted.status == 201)
            let forOffice = try await client.call(.get, "/api/v1/reports/\(id)", as: "office", in: ledger)
            #expect(((forOffice.body as? [String: Any])?["drafted"] as? [Any])?.count == 1)
            let forA2 = try await client.call(.get, "/api/v1/reports/\(id)", as: "liaisonA2", in: ledger)
            #expect(forA2.status == 200)
            #expect(
                ((forA2.body as? [String: Any])?["drafted"] as? [Any])?.count == 0,
                "county A2 must not learn of A1's problem")
        }
    }

    @Test func aParentUnitOutsideScopeAnswersLikeAMissingOne() async throws {
        try await withAPI { ledger, client in
            let (_, token) = try await ledger.person("officeA2", .office, at: ledger.countyA2)
            let outside = try await client.call(
                .post, "/api/v1/units", as: nil, in: ledger,
                json: ["name": "某局", "kind": "office", "parentId": ledger.countyB1.id],
                bearer: token)
            let missing = try await client.call(
                .post, "/api/v1/units", as: nil, in: ledger,
                json: ["name": "某局", "kind": "office", "parentId": 987_654],
                bearer: token)
            #expect(outside.status == 400)
            #expect(outside.status == missing.status)
            #expect(outside["code"] as? String == missing["code"] as? String)
            #expect(outside["field"] as? String == "parentId")
            #expect(outside["zh"] as? String == missing["zh"] as? String)
            let inside = try await client.call(
                .post, "/api/v1/units", as: nil, in: ledger,
                json: ["name": "阳曲县民政局", "kind": "office", "parentId": ledger.countyA2.id],
                bearer: token)
            #expect(inside.status == 201)
        }
    }

    @Test func supportingUnitsMustBeInScopeAndAnswerAlike() async throws {
        try await withAPI { ledger, client in
            let (_, token) = try await ledger.person("officeA2", .office, at: ledger.countyA2)
            func create(_ supporting: [Int64]) async throws -> Reply {
                try await client.call(
                    .post, "/api/v1/problems", as: nil, in: ledger,
                    json: [
                        "campaignId": ledger.campaign.id, "title": "配合单位越权", "sourceChannel": "inspection",
                        "leadUnitId": ledger.countyA2.id, "supportingUnitIds": supporting, "foundOn": "2026-10-01",
                        "rectificationType": "immediate",
                    ], bearer: token)
            }
            let outside = try await create([ledger.countyB1.id])
            let missing = try await create([987_654])
            #expect(outside.status == 400)
            #expect(outside["field"] as? String == "supportingUnitIds[0]")
            #expect(outside["code"] as? String == missing["code"] as? String)
            // The messages differ only by the id the caller sent.
            #expect(
                (outside["zh"] as? String)?.replacingOccurrences(of: "\(ledger.countyB1.id)", with: "#")
                    == (missing["zh"] as? String)?.replacingOccurrences(of: "987654", with: "#"))
            let ok = try await create([])
            #expect(ok.status == 201)
            let id = try #require(ok["id"] as? Int)
            let patch = try await client.call(
                .patch, "/api/v1/problems/\(id)", as: nil, in: ledger,
                json: ["version": 1, "supportingUnitIds": [ledger.countyB1.id]], bearer: token)
            #expect(patch.status == 400)
            #expect(patch["field"] as? String == "supportingUnitIds[0]")
        }
    }

    @Test func aSupportingUnitSeesAndAddsNotesButLeadsNothing() async throws {
        try await withAPI { ledger, client in
            let p = try await ledger.problems.create(
                ProblemDraft(
                    campaignID: ledger.campaign.id, title: "跨县联合整治问题", sourceChannel: .inspection,
                    leadUnitID: ledger.countyA1.id, supportingUnitIDs: [ledger.countyA2.id],
                    foundOn: LocalDate("2026-10-01")!,
                    deadline: nil, rectificationType: .immediate), by: ledger.office)
            let seen = try await client.call(.get, "/api/v1/problems/\(p.id)", as: "liaisonA2", in: ledger)
            #expect(seen.status == 200)
            let note = try await client.call(
                .post, "/api/v1/problems/\(p.id)/notes", as: "liaisonA2", in: ledger, json: ["text": "已配合排查"])
            #expect(note.status == 201)
            #expect(
                try await client.call(.get, "/api/v1/problems/\(p.id)/history", as: "liaisonA2", in: ledger).status
                    == 200)
            let claim = try await client.call(
                .post, "/api/v1/problems/\(p.id)/claim", as: "liaisonA2", in: ledger, json: ["version": p.version])
            #expect(claim.status == 403, "a supporting unit does not claim the lead unit's problem")
            let edit = try await client.call(
                .patch, "/api/v1/problems/\(p.id)", as: "liaisonA2", in: ledger,
                json: ["version": p.version, "title": "改"])
            #expect(edit.status == 403)
            let measure = try await client.call(
                .post, "/api/v1/problems/\(p.id)/measures", as: "liaisonA2", in: ledger, json: ["text": "措施"])
            #expect(measure.status == 403)
            let own = try await client.call(.get, "/api/v1/problems", as: "liaisonA2", in: ledger)
            #expect(
                ((own.body as? [String: Any])?["items"] as? [Any])?.count == 0,
                "the default list is the problems the scope leads")
            let supported = try await client.call(.get, "/api/v1/problems?supported=true", as: "liaisonA2", in: ledger)
            let items = (supported.body as? [String: Any])?["items"] as? [[String: Any]]
            #expect(items?.map { $0["id"] as? Int } == [Int(p.id)])
            // A unit that neither leads nor supports it still sees nothing.
            let (_, b1) = try await ledger.person("liaisonB1", .liaison, at: ledger.countyB1)
            #expect(
                try await client.call(.get, "/api/v1/problems/\(p.id)", as: nil, in: ledger, bearer: b1).status == 404)
            #expect(
                try await client.call(
                    .post, "/api/v1/problems/\(p.id)/notes", as: nil, in: ledger, json: ["text": "x"], bearer: b1
                ).status == 404)
        }
    }
}
