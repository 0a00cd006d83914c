import Foundation
import Hummingbird
import HummingbirdTesting
import TaizhangApp
import TaizhangDomain
import TestSupport
import Testing

@testable import TaizhangWeb

/// Every route × where the caller's role is held (the problem's own unit, its parent, a sibling,
/// a unit below it, a missing id) × every role → the answer the product requires. Out of scope
/// answers exactly as a missing id does; in scope, a role that may not act gets 403 and one that
/// may is never told 403 or 404.
@Suite struct AuthorizationMatrixTests {
    /// What a route acts on.
    enum Target { case problem, unit, report, collection, ownAccount, userAdmin, document, roundReturn }

    static let anyone: Set<Role>? = nil
    static let ledgerKeepers: Set<Role> = [.office, .liaison, .unitLeader]

    /// One row per route, written from PRODUCT.md, not from the code: who may act at the lead unit
    /// or above (nil: anyone who sees it). A route added without its row fails `everyRouteHasARow`.
    static let rows: [String: (Target, Set<Role>?)] = [
        "GET /api/v1/openapi.json": (.document, anyone),
        "POST /api/v1/session": (.document, anyone),
        "DELETE /api/v1/session": (.ownAccount, anyone),
        "GET /api/v1/me": (.ownAccount, anyone),
        "GET /api/v1/tokens": (.ownAccount, anyone),
        "DELETE /api/v1/tokens/{id}": (.ownAccount, anyone),
        "POST /api/v1/users/{id}/tokens/revoke": (.userAdmin, [.admin]),
        "POST /api/v1/users/{id}/grants": (.userAdmin, [.admin]),
        "POST /api/v1/users/{id}/grants/revoke": (.userAdmin, [.admin]),
        "POST /api/v1/users/{id}/disable": (.userAdmin, [.admin]),
        "POST /api/v1/users/{id}/enable": (.userAdmin, [.admin]),
        "GET /api/v1/units": (.collection, anyone),
        "POST /api/v1/units": (.collection, [.admin, .office]),
        "GET /api/v1/units/{id}": (.unit, anyone),
        "GET /api/v1/campaigns": (.collection, anyone),
        "POST /api/v1/campaigns": (.collection, [.office, .admin]),
        "GET /api/v1/campaigns/{id}": (.collection, anyone),
        "GET /api/v1/stats": (.collection, anyone),
        "GET /api/v1/problems": (.collection, anyone),
        "POST /api/v1/problems": (.collection, [.office, .supervision]),
        "GET /api/v1/problems/{id}": (.problem, anyone),
        "PATCH /api/v1/problems/{id}": (.problem, ledgerKeepers),
        "POST /api/v1/problems/{id}/measures": (.problem, ledgerKeepers),
        "PATCH /api/v1/problems/{id}/measures/{measureId}": (.problem, ledgerKeepers),
        "POST /api/v1/problems/{id}/notes": (.problem, [.office, .liaison, .unitLeader, .supervision]),
        "GET /api/v1/problems/{id}/notes": (.problem, anyone),
        "GET /api/v1/problems/{id}/history": (.problem, anyone),
        "POST /api/v1/problems/{id}/evidence": (.problem, ledgerKeepers),
        "GET /api/v1/problems/{id}/evidence/{evidenceId}": (.problem, anyone),
        "POST /api/v1/problems/{id}/deadline-changes": (.problem, ledgerKeepers),
        "POST /api/v1/problems/{id}/deadline-changes/{changeId}/approve": (.problem, [.office, .supervision]),
        "POST /api/v1/problems/{id}/deadline-changes/{changeId}/reject": (.problem, [.office, .supervision]),
        "POST /api/v1/problems/{id}/claim": (.problem, [.liaison, .unitLeader]),
        "POST /api/v1/problems/{id}/request-closure": (.problem, [.unitLeader]),
        "POST /api/v1/problems/{id}/verify": (.problem, [.office, .supervision]),
        "POST /api/v1/problems/{id}/return": (.problem, [.office, .supervision]),
        "POST /api/v1/problems/{id}/reopen": (.problem, [.office, .supervision]),
        "POST /api/v1/problems/{id}/mark-ongoing": (.problem, [.office]),
        "POST /api/v1/problems/{id}/merge": (.problem, [.office]),
        "POST /api/v1/problems/{id}/dismiss": (.problem, [.office]),
        "GET /api/v1/reports": (.collection, anyone),
        "POST /api/v1/reports": (.collection, [.office, .liaison, .unitLeader, .supervision]),
        "GET /api/v1/reports/{id}": (.report, anyone),
        "POST /api/v1/reports/{id}/drafts": (.report, [.office, .supervision]),
        "GET /api/v1/rounds": (.collection, anyone),
        "POST /api/v1/rounds": (.collection, [.office]),
        "GET /api/v1/rounds/{id}": (.collection, anyone),
        // A return's routes: the unit's own people write and file it; the office of the unit that
        // opened the round (the return's parent in `RoundsAPITests`) decides it.
        "GET /api/v1/rounds/{id}/returns/{returnId}": (.roundReturn, anyone),
        "PATCH /api/v1/rounds/{id}/returns/{returnId}": (.roundReturn, [.liaison, .unitLeader]),
        "POST /api/v1/rounds/{id}/returns/{returnId}/file": (.roundReturn, [.unitLeader]),
        "POST /api/v1/rounds/{id}/returns/{returnId}/accept": (.roundReturn, [.office, .supervision]),
        "POST /api/v1/rounds/{id}/returns/{returnId}/return": (.roundReturn, [.office, .supervision]),
    ]

    @Test func everyRouteHasARow() {
        let served = Set(
            Routes.table(Services(store: NoDatabase(), dataDirectory: "/nonexistent")).map { "\($0.method) \($0.path)" }
        )
        #expect(served.subtracting(Self.rows.keys).sorted() == [], "routes without a row in the authorization matrix")
        #expect(Set(Self.rows.keys).subtracting(served).sorted() == [], "rows for routes that do not exist")
    }

    enum Position: String, CaseIterable { case own, parent, sibling, below }

    @Test(arguments: TestDatabase.available)
    func everyProblemRouteRoleAndPositionAnswersAsRequired(db: TestDatabase) async throws {
        try await withAPI(on: db) { ledger, client in
            let below = try await ledger.services.units.create(
                name: "清徐县民政局", shortName: "", kind: .office, parentID: ledger.countyA1.id, by: nil)
            let unitAt: [Position: OrgUnit] = [
                .own: ledger.countyA1, .parent: ledger.cityA, .sibling: ledger.countyA2, .below: below,
            ]
            var tokens: [String: String] = [:]
            for role in Role.allCases {
                for position in Position.allCases {
                    let key = "\(role.rawValue)@\(position.rawValue)"
                    tokens[key] = try await ledger.person(key, role, at: unitAt[position]!).token
                }
            }
            let p = try await ledger.readyForClosure()
            let detail = try await ledger.problems.detail(p.id, for: ledger.office)
            let change = try await ledger.problems.requestDeadlineChange(
                p.id, to: LocalDate("2027-06-30")!, reason: "跨年", by: ledger.liaisonA1)
            let table = Routes.table(ledger.services)
            var leaks: [String] = []
            var wrong: [String] = []
            for route in table where Self.rows["\(route.method) \(route.path)"]?.0 == .problem {
                let allowed = Self.rows["\(route.method) \(route.path)"]!.1
                func uri(_ id: Int64) -> String {
                    let path = route.path.replacingOccurrences(of: "{id}", with: String(id))
                        .replacingOccurrences(of: "{measureId}", with: String(detail.measures[0].id))
                        .replacingOccurrences(of: "{evidenceId}", with: String(detail.evidence[0].id))
                        .replacingOccurrences(of: "{changeId}", with: String(change.id))
                    return path.hasSuffix("/evidence") ? path + "?name=a.pdf" : path
                }
                for role in Role.allCases {
                    func call(_ id: Int64, _ position: Position) async throws -> Reply {
                        let current = try await ledger.problems.problem(p.id, for: ledger.office)
                        let measure = try await ledger.problems.detail(p.id, for: ledger.office).measures[0].version
                        var body = validBody(for: route.path, version: current.version, into: p.id)
                        if route.path.hasSuffix("{measureId}") { body["version"] = measure }
                        let isUpload = route.path.hasSuffix("/evidence")
                        return try await client.call(
                            route.method, uri(id), as: nil, in: ledger,
                            json: route.method == .get || isUpload ? nil : body,
                            raw: isUpload ? Array("%PDF-1.4 矩阵".utf8) : nil,
                            bearer: tokens["\(role.rawValue)@\(position.rawValue)"])
                    }
                    let missing = try await call(999_999, .own)
                    if missing.status != 404 {
                        wrong.append("\(route.method) \(route.path) \(role) missing id: \(missing.status)")
                    }
                    for position in [Position.sibling, .below] {
                        let r = try await call(p.id, position)
                        if r.status != missing.status || r["code"] as? String != missing["code"] as? String {
                            leaks.append(
                                "\(route.method) \(route.path) \(role)@\(position): \(r.status) \(r["code"] ?? "") vs missing \(missing.status)"
                            )
                        }
                    }
                    for position in [Position.own, .parent] {
                        let r = try await call(p.id, position)
                        let may = allowed.map { $0.contains(role) } ?? true
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

    @Test(arguments: TestDatabase.available)
    func unitsAndReportsOutsideScopeAnswerLikeMissingOnes(db: TestDatabase) async throws {
        try await withAPI(on: db) { ledger, client in
            let sent = try await client.call(
                .post, "/api/v1/reports?unit=\(ledger.countyA1.id)&name=a.txt", as: "liaisonA1", in: ledger,
                raw: Array("针对农村低保对象认定不够精准的问题，开展专项治理。".utf8))
            let report = try #require(sent["id"] as? Int)
            for (uri, missingURI) in [
                ("/api/v1/units/\(ledger.countyA1.id)", "/api/v1/units/999999"),
                ("/api/v1/reports/\(report)", "/api/v1/reports/999999"),
                ("/api/v1/problems?unit=\(ledger.countyA1.id)", "/api/v1/problems?unit=999999"),
                ("/api/v1/stats?unit=\(ledger.countyA1.id)", "/api/v1/stats?unit=999999"),
                ("/api/v1/units?parent=\(ledger.countyA1.id)", "/api/v1/units?parent=999999"),
            ] {
                let outside = try await client.call(.get, uri, as: "liaisonA2", in: ledger)
                let missing = try await client.call(.get, missingURI, as: "liaisonA2", in: ledger)
                #expect(outside.status == 404, "\(uri)")
                #expect(
                    outside.status == missing.status && outside["zh"] as? String == missing["zh"] as? String, "\(uri)")
                let inside = try await client.call(.get, uri, as: "office", in: ledger)
                #expect(inside.status == 200, "\(uri)")
            }
        }
    }
}
