import Foundation
import HummingbirdTesting
import TaizhangApp
import TaizhangDomain
import TestSupport
import Testing

@testable import TaizhangWeb

/// Rounds (月调度) over HTTP: the whole exchange, and every return route × role × position.
@Suite struct RoundsAPITests {
    @Test(arguments: TestDatabase.available)
    func anOfficeOpensARoundAndACountyFilesItsReturn(db: TestDatabase) async throws {
        try await withAPI(on: db) { ledger, client in
            let opened = try await client.call(
                .post, "/api/v1/rounds", as: "office", in: ledger,
                json: [
                    "campaignId": ledger.campaign.id, "unitId": ledger.root.id, "period": "2026-11",
                    "dueOn": "2026-12-05", "unitIds": [ledger.countyA1.id, ledger.countyA2.id],
                ])
            #expect(opened.status == 201)
            let round = try #require(((opened.body as? [String: Any])?["round"] as? [String: Any])?["id"] as? Int)
            // A bad month names its field.
            let bad = try await client.call(
                .post, "/api/v1/rounds", as: "office", in: ledger,
                json: [
                    "campaignId": ledger.campaign.id, "unitId": ledger.root.id, "period": "2026-13",
                    "dueOn": "2026-12-05",
                ])
            #expect(bad.status == 400)
            #expect(bad["field"] as? String == "period")

            let mine = try await client.call(.get, "/api/v1/rounds/\(round)", as: "liaisonA1", in: ledger)
            let returns = try #require((mine.body as? [String: Any])?["returns"] as? [[String: Any]])
            #expect(returns.count == 1)
            let id = try #require(returns.first?["id"] as? Int)
            let path = "/api/v1/rounds/\(round)/returns/\(id)"
            let saved = try await client.call(
                .patch, path, as: "liaisonA1", in: ledger, json: ["version": 1, "summary": "<b>本月</b>完成整改2项"])
            #expect(saved.status == 200)
            #expect(saved["summary"] as? String == "<b>本月</b>完成整改2项")
            let stale = try await client.call(.post, path + "/file", as: "leaderA1", in: ledger, json: ["version": 1])
            #expect(stale.status == 409)
            #expect(stale["currentVersion"] as? Int == 2)
            let filed = try await client.call(.post, path + "/file", as: "leaderA1", in: ledger, json: ["version": 2])
            #expect(filed["state"] as? String == "filed")
            #expect(((filed.body as? [String: Any])?["figures"] as? [String: Any])?["total"] as? Int == 0)
            let list = try await client.call(.get, "/api/v1/rounds", as: "office", in: ledger)
            let first = try #require(((list.body as? [String: Any])?["items"] as? [[String: Any]])?.first)
            #expect((first["returns"] as? [String: Any])?["filed"] as? Int == 1)
            #expect((first["returns"] as? [String: Any])?["not_filed"] as? Int == 1)
            let accepted = try await client.call(
                .post, path + "/accept", as: "office", in: ledger, json: ["version": 3])
            #expect(accepted["state"] as? String == "accepted")
            // The sibling county's liaison does not learn the return exists.
            let outside = try await client.call(.get, path, as: "liaisonA2", in: ledger)
            let missing = try await client.call(
                .get, "/api/v1/rounds/\(round)/returns/999999", as: "liaisonA2", in: ledger)
            #expect(outside.status == 404)
            #expect(outside["zh"] as? String == missing["zh"] as? String)
        }
    }

    @Test(arguments: TestDatabase.available)
    func everyReturnRouteRoleAndPositionAnswersAsRequired(db: TestDatabase) async throws {
        try await withAPI(on: db) { ledger, client in
            let below = try await ledger.services.units.create(
                name: "清徐县民政局", shortName: "", kind: .office, parentID: ledger.countyA1.id, by: nil)
            let unitAt: [AuthorizationMatrixTests.Position: OrgUnit] = [
                .own: ledger.countyA1, .parent: ledger.cityA, .sibling: ledger.countyA2, .below: below,
            ]
            var tokens: [String: String] = [:]
            for role in Role.allCases {
                for position in AuthorizationMatrixTests.Position.allCases {
                    let key = "\(role.rawValue)@\(position.rawValue)"
                    tokens[key] = try await ledger.person(key, role, at: unitAt[position]!).token
                }
            }
            // Opened by the city, for both its counties: the city's office decides.
            let rounds = ledger.services.roundCases
            let round = try await rounds.open(
                title: "", period: RoundPeriod("2026-11")!, dueOn: LocalDate("2026-12-05")!,
                campaignID: ledger.campaign.id, unitID: ledger.cityA.id, reporting: nil,
                by: ledger.office.withRole(.office, at: ledger.cityA))
            let item = try #require(
                try await rounds.round(round.id, as: ledger.office).returns.first { $0.unit.id == ledger.countyA1.id })
            var leaks: [String] = []
            var wrong: [String] = []
            for route in Routes.table(ledger.services)
            where AuthorizationMatrixTests.rows["\(route.method) \(route.path)"]?.0 == .roundReturn {
                let allowed = AuthorizationMatrixTests.rows["\(route.method) \(route.path)"]!.1
                let decides = route.path.hasSuffix("/accept") || route.path.hasSuffix("/return")
                for role in Role.allCases {
                    func call(_ id: Int64, _ position: AuthorizationMatrixTests.Position) async throws -> Reply {
                        let current = try await rounds.roundReturn(item.item.id, of: round.id, as: ledger.office).item
                        var body: [String: Any] = ["version": current.version]
                        if route.method == .patch { body["summary"] = "本月进展" }
                        if route.path.hasSuffix("/return") { body["reason"] = "请补充" }
                        let uri = route.path.replacingOccurrences(of: "{id}", with: String(round.id))
                            .replacingOccurrences(of: "{returnId}", with: String(id))
                        return try await client.call(
                            route.method, uri, as: nil, in: ledger,
                            json: route.method == .get ? nil : body,
                            bearer: tokens["\(role.rawValue)@\(position.rawValue)"])
                    }
                    let missing = try await call(999_999, .own)
                    if missing.status != 404 { wrong.append("\(route.path) \(role) missing id: \(missing.status)") }
                    for position in [AuthorizationMatrixTests.Position.sibling, .below] {
                        let r = try await call(item.item.id, position)
                        if r.status != missing.status || r["code"] as? String != missing["code"] as? String {
                            leaks.append("\(route.method) \(route.path) \(role)@\(position): \(r.status)")
                        }
                    }
                    for position in [AuthorizationMatrixTests.Position.own, .parent] {
                        let r = try await call(item.item.id, position)
                        // Deciding is for the opening unit (the parent), not for the county itself.
                        let may = (allowed.map { $0.contains(role) } ?? true) && (!decides || position == .parent)
                        if may && (r.status == 403 || r.status == 404) || !may && r.status != 403 {
                            wrong.append(
                                "\(route.method) \(route.path) \(role)@\(position): \(r.status) \(r["code"] ?? "") (may: \(may))"
                            )
                        }
                    }
                }
            }
            #expect(leaks == [], "out of scope answered unlike a missing id")
            #expect(wrong == [])
        }
    }
}
