import Foundation
import Hummingbird
import HummingbirdTesting
import TaizhangApp
import TaizhangDomain
import TestSupport
import Testing

@testable import TaizhangWeb

@Suite struct ScopeAndAuthTests {
    @Test func withoutATokenEverythingButTheDocumentIs401() async throws {
        try await withAPI { ledger, client in
            let missing = try await client.call(.get, "/api/v1/problems", as: nil, in: ledger)
            #expect(missing.status == 401)
            #expect(missing.contentType.hasPrefix("application/problem+json"))
            var headers = HTTPFields()
            headers[.authorization] = "Bearer tz_not_a_real_token"
            let bad = try await client.execute(uri: "/api/v1/problems", method: .get, headers: headers)
            #expect(bad.status == .unauthorized)
            let doc = try await client.call(.get, "/api/v1/openapi.json", as: nil, in: ledger)
            #expect(doc.status == 200)
        }
    }

    /// A liaison of county A2 asks for county A1's problem through every route that names a problem:
    /// every one answers 404, and the problem is unchanged afterwards.
    @Test func aCountyLiaisonNeverReachesAnotherCountysProblem() async throws {
        try await withAPI { ledger, client in
            let p = try await ledger.readyForClosure()
            let detail = try await ledger.problems.detail(p.id, for: ledger.office)
            let before = detail.history.count
            let routes = Routes.table(ledger.services).filter { $0.path.contains("/problems/{id}") }
            #expect(routes.count >= 15)
            for route in routes {
                let body = validBody(for: route.path, version: p.version, into: p.id)
                let uri = route.path.replacingOccurrences(of: "{id}", with: String(p.id))
                    .replacingOccurrences(of: "{measureId}", with: String(detail.measures[0].id))
                    .replacingOccurrences(of: "{evidenceId}", with: String(detail.evidence[0].id))
                    .replacingOccurrences(of: "{changeId}", with: "1")
                let isUpload = uri.hasSuffix("/evidence")
                let reply = try await client.call(
                    route.method, isUpload ? uri + "?name=a.pdf" : uri, as: "liaisonA2", in: ledger,
                    json: route.method == .get || isUpload ? nil : body, raw: isUpload ? Array("%PDF-1.4".utf8) : nil)
                #expect(reply.status == 404, "\(route.method) \(route.path) answered \(reply.status)")
            }
            let after = try await ledger.problems.detail(p.id, for: ledger.office)
            #expect(after.history.count == before)
            #expect(after.problem == detail.problem)
            let list = try await client.call(
                .get, "/api/v1/problems?unit=\(ledger.countyA1.id)", as: "liaisonA2", in: ledger)
            #expect(list.status == 404)
            let stats = try await client.call(
                .get, "/api/v1/stats?unit=\(ledger.countyA1.id)", as: "liaisonA2", in: ledger)
            #expect(stats.status == 404)
            let unit = try await client.call(.get, "/api/v1/units/\(ledger.countyA1.id)", as: "liaisonA2", in: ledger)
            #expect(unit.status == 404)
            let own = try await client.call(.get, "/api/v1/problems", as: "liaisonA2", in: ledger)
            #expect(own.status == 200)
            #expect((own.raw.getString(at: 0, length: own.raw.readableBytes) ?? "").contains("\"items\":[]"))
        }
    }

    @Test func inScopeButWrongRoleIs403() async throws {
        try await withAPI { ledger, client in
            let p = try await ledger.draft()
            let reply = try await client.call(
                .post, "/api/v1/problems/\(p.id)/claim", as: "leader", in: ledger, json: ["version": 1])
            #expect(reply.status == 403)
            #expect(reply["code"] as? String == "role_required")
        }
    }

    @Test func twoWritersWithTheSameVersionOverHTTP() async throws {
        try await withAPI { ledger, client in
            let p = try await ledger.draft()
            let first = try await client.call(
                .patch, "/api/v1/problems/\(p.id)", as: "office", in: ledger, json: ["version": 1, "title": "甲"])
            let second = try await client.call(
                .patch, "/api/v1/problems/\(p.id)", as: "office2", in: ledger, json: ["version": 1, "title": "乙"])
            #expect(first.status == 200)
            #expect(second.status == 409)
            #expect(second["currentVersion"] as? Int == 2)
            #expect(try await ledger.problems.problem(p.id, for: ledger.office).title == "甲")
        }
    }

    @Test func everyRouteIsInTheOpenAPIDocumentAndBack() throws {
        let doc = try JSONSerialization.jsonObject(with: OpenAPIDocument.data) as! [String: Any]
        let paths = doc["paths"] as! [String: [String: Any]]
        var documented = Set<String>()
        for (path, ops) in paths { for method in ops.keys { documented.insert("\(method.uppercased()) \(path)") } }
        let store = NoDatabase()
        let served = Set(
            Routes.table(Services(store: store, dataDirectory: "/tmp")).map { "\($0.method.rawValue) \($0.path)" })
        #expect(served == documented)
    }
}

/// A body each problem route would accept from someone entitled to it, so that what a test sees
/// is the scope check's answer, not a complaint about the body.
func validBody(for path: String, version: Int, into: Int64) -> [String: Any] {
    switch path {
    case let p where p.hasSuffix("/measures"): return ["text": "越权"]
    case let p where p.hasSuffix("{measureId}"): return ["version": 1, "text": "越权"]
    case let p where p.hasSuffix("/notes"): return ["text": "越权"]
    case let p where p.hasSuffix("/deadline-changes"): return ["deadline": "2027-01-01", "reason": "越权"]
    case let p where p.hasSuffix("/approve") || p.hasSuffix("/reject"): return ["version": version]
    case let p where p.hasSuffix("/problems/{id}"): return ["version": version, "title": "越权"]
    default: return ["version": version, "reason": "越权", "into": into]
    }
}
