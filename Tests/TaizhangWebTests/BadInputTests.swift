import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import TaizhangApp
import TaizhangDomain
import TestSupport
import Testing

@testable import TaizhangWeb

/// Bad input anywhere gets a 4xx problem document naming what was wrong, and changes nothing.
@Suite struct BadInputTests {
    /// Every JSON-taking route, with ids filled in for a problem of county A1.
    func jsonRoutes(_ ledger: Ledger, problem: Int64, measure: Int64) -> [(HTTPRequest.Method, String)] {
        Routes.table(ledger.services).filter {
            $0.method != .get && $0.method != .delete && !$0.path.contains("/users/") && !$0.path.hasSuffix("/evidence")
                && !$0.path.contains("deadline-changes/") && !$0.path.contains("/reports")
        }
        .map {
            (
                $0.method,
                $0.path.replacingOccurrences(of: "{id}", with: String(problem))
                    .replacingOccurrences(of: "{measureId}", with: String(measure))
            )
        }
    }

    @Test func malformedJSONWrongTypesAndOversizedBodiesOnEveryRoute() async throws {
        try await withAPI { ledger, client in
            let p = try await ledger.draft()
            let m = try await ledger.problems.addMeasure(p.id, text: "措施", owner: "", deadline: nil, by: ledger.office)
            let before = try await ledger.auditEventCount()
            let routes = jsonRoutes(ledger, problem: p.id, measure: m.id)
            #expect(routes.count >= 15)
            for (method, uri) in routes where !uri.hasSuffix("/session") {
                let broken = try await client.call(
                    method, uri, as: "office", in: ledger, raw: Array("{\"version\": 1,".utf8),
                    contentType: "application/json")
                #expect(broken.status == 400, "\(method) \(uri): \(broken.status)")
                #expect(broken.contentType.hasPrefix("application/problem+json"))
                #expect(broken["field"] as? String == "body")
                let wrongType = try await client.call(
                    method, uri, as: "office", in: ledger,
                    json: [
                        "version": "一", "text": 5, "title": [], "name": 1, "code": 2, "campaignId": "x", "deadline": 3,
                        "login": 4,
                    ])
                #expect(wrongType.status == 400, "\(method) \(uri): \(wrongType.status)")
                #expect(wrongType["field"] != nil, "\(method) \(uri) names no field")
                let huge = try await client.call(
                    method, uri, as: "office", in: ledger,
                    raw: Array(repeating: UInt8(ascii: " "), count: 1_100_000) + Array("{}".utf8))
                #expect(huge.status == 413, "\(method) \(uri): \(huge.status)")
            }
            #expect(try await ledger.auditEventCount() == before, "nothing was written")
            #expect(try await ledger.problems.problem(p.id, for: ledger.office).version == p.version)
        }
    }

    @Test func fieldErrorsNameTheFieldInBothLanguages() async throws {
        try await withAPI { ledger, client in
            let missing = try await client.call(
                .post, "/api/v1/problems", as: "office", in: ledger, json: ["campaignId": ledger.campaign.id])
            #expect(missing.status == 400)
            #expect(missing["field"] as? String == "title")
            let badDate = try await client.call(
                .post, "/api/v1/problems", as: "office", in: ledger,
                json: [
                    "campaignId": ledger.campaign.id, "title": "t", "sourceChannel": "audit",
                    "leadUnitId": ledger.countyA1.id,
                    "foundOn": "2026-02-30", "rectificationType": "immediate",
                ])
            #expect(badDate["field"] as? String == "foundOn")
            let badEnum = try await client.call(
                .post, "/api/v1/problems", as: "office", in: ledger,
                json: [
                    "campaignId": ledger.campaign.id, "title": "t", "sourceChannel": "gossip",
                    "leadUnitId": ledger.countyA1.id,
                    "foundOn": "2026-02-01", "rectificationType": "immediate",
                ])
            #expect(badEnum["field"] as? String == "sourceChannel")
            let noDeadline = try await client.call(
                .post, "/api/v1/problems", as: "office", in: ledger,
                json: [
                    "campaignId": ledger.campaign.id, "title": "t", "sourceChannel": "audit",
                    "leadUnitId": ledger.countyA1.id,
                    "foundOn": "2026-02-01", "rectificationType": "time_bound",
                ])
            #expect(noDeadline["field"] as? String == "deadline")
            #expect((noDeadline["zh"] as? String)?.contains("整改时限") == true)
            #expect((noDeadline["en"] as? String)?.contains("deadline") == true)
            for (query, field) in [
                ("limit=abc", "limit"), ("state=foo", "state"), ("overdue=maybe", "overdue"),
                ("deadlineFrom=2026-13-01", "deadlineFrom"), ("sort=title", "sort"), ("cursor=%25%25", "cursor"),
                ("limit=0", "limit"),
            ] {
                let reply = try await client.call(.get, "/api/v1/problems?\(query)", as: "office", in: ledger)
                #expect(reply.status == 400, "\(query)")
                #expect(reply["field"] as? String == field, "\(query)")
            }
            let total = try await ledger.problems.counts(unitID: nil, campaignID: nil, for: ledger.office).total
            #expect(total == 0, "no refused create wrote a problem")
        }
    }

    @Test func unknownIdsAre404() async throws {
        try await withAPI { ledger, client in
            for uri in [
                "/api/v1/problems/999999", "/api/v1/units/999999", "/api/v1/campaigns/999999",
                "/api/v1/problems/999999/evidence/1",
            ] {
                let reply = try await client.call(.get, uri, as: "office", in: ledger)
                #expect(reply.status == 404, "\(uri)")
            }
            let note = try await client.call(
                .post, "/api/v1/problems/999999/notes", as: "office", in: ledger, json: ["text": "x"])
            #expect(note.status == 404)
            let word = try await client.call(.get, "/api/v1/problems/abc", as: "office", in: ledger)
            #expect(word.status == 400)
            let nowhere = try await client.call(.get, "/api/v1/nowhere", as: "office", in: ledger)
            #expect(nowhere.status == 404)
        }
    }

    @Test func anExecutableDressedAsAPNGIsRefusedAndNothingIsStored() async throws {
        try await withAPI { ledger, client in
            let p = try await ledger.draft()
            let elf: [UInt8] = [0x7F, 0x45, 0x4C, 0x46, 2, 1, 1, 0] + Array(repeating: 0x90, count: 200)
            let reply = try await client.call(
                .post, "/api/v1/problems/\(p.id)/evidence?name=现场照片.png", as: "liaisonA1", in: ledger, raw: elf,
                contentType: "image/png")
            #expect(reply.status == 415)
            #expect(reply["field"] as? String == "file")
            let big = try await client.call(
                .post, "/api/v1/problems/\(p.id)/evidence?name=big.pdf", as: "liaisonA1", in: ledger,
                raw: Array("%PDF-".utf8) + Array(repeating: 0, count: EvidencePolicy.maxBytes),
                contentType: "application/pdf")
            #expect(big.status == 413)
            let unnamed = try await client.call(
                .post, "/api/v1/problems/\(p.id)/evidence", as: "liaisonA1", in: ledger, raw: Array("%PDF-1.4".utf8))
            #expect(unnamed.status == 400)
            #expect(try await ledger.problems.detail(p.id, for: ledger.office).evidence.isEmpty)
            let evidenceDir = ledger.directory + "/evidence"
            let stored = (try? FileManager.default.subpathsOfDirectory(atPath: evidenceDir)) ?? []
            #expect(stored.filter { !$0.hasSuffix("/") && $0.count > 3 }.isEmpty, "no bytes kept: \(stored)")

            let good = try await client.call(
                .post, "/api/v1/problems/\(p.id)/evidence?name=整改报告.pdf", as: "liaisonA1", in: ledger,
                raw: Array("%PDF-1.4 real".utf8), contentType: "application/pdf")
            #expect(good.status == 201)
            let id = try #require(good["id"] as? Int)
            let download = try await client.execute(
                uri: "/api/v1/problems/\(p.id)/evidence/\(id)", method: .get,
                headers: [.authorization: "Bearer \(ledger.tokens["office"]!)"])
            #expect(download.status == .ok)
            #expect(String(buffer: download.body) == "%PDF-1.4 real")
            #expect(download.headers[.contentType] == "application/pdf")
        }
    }
}
