import Foundation
import Hummingbird
import HummingbirdTesting
import TaizhangDomain
import TestSupport
import Testing

/// Search through the API: as browsers encode it, with snippets, and hostile input never a 5xx.
@Suite struct SearchAPITests {
    @Test(arguments: TestDatabase.available)
    func searchThroughTheAPI(db: TestDatabase) async throws {
        try await withAPI(on: db) { ledger, client in
            let p = try await ledger.draft(title: "农村低保对象认定不精准")
            // `+` is a space, as an HTML form sends it: two words, both must appear.
            let both = try await client.call(
                .get, "/api/v1/problems?q=%E4%BD%8E%E4%BF%9D+%E5%AF%B9%E8%B1%A1", as: "office", in: ledger)
            #expect(both.status == 200)
            let items = try #require((both.body as? [String: Any])?["items"] as? [[String: Any]])
            #expect(items.map { ($0["id"] as? NSNumber)?.int64Value } == [p.id])
            #expect(
                items.first?["snippet"] as? String == "农村<mark>低保对象</mark>认定不精准"
                    || items.first?["snippet"] as? String == "农村<mark>低保</mark>对象认定不精准")
            let sibling = try await client.call(
                .get, "/api/v1/problems?q=%E4%BD%8E%E4%BF%9D", as: "liaisonA2", in: ledger)
            #expect(((sibling.body as? [String: Any])?["items"] as? [Any])?.isEmpty == true)
        }
    }

    @Test(arguments: TestDatabase.available)
    func hostileQueriesNeverAnswer5xx(db: TestDatabase) async throws {
        try await withAPI(on: db) { ledger, client in
            _ = try await ledger.draft()
            let queries = [
                "%25", "_", "%22", "*", "NEAR", "OR", "%22%E4%BD%8E", "%F0%9F%99%82", "%FF%FE", "%E4%BD",
                String(repeating: "%E4%BD%8E", count: 10_000), "a%00b", "%27%3B+DROP+TABLE+problems%3B--",
            ]
            for q in queries {
                for path in ["/api/v1/problems?q=", "/api/v1/reports?q="] {
                    let reply = try await client.call(.get, path + q, as: "office", in: ledger)
                    #expect(reply.status == 200 || reply.status == 400, "\(path)\(q.prefix(20)) → \(reply.status)")
                    if reply.status == 400 { #expect(reply["field"] as? String == "q") }
                }
            }
            let invalid = try await client.call(.get, "/api/v1/problems?q=%FF%FE", as: "office", in: ledger)
            #expect(invalid.status == 400)
            #expect(invalid["code"] as? String == "invalid_encoding")
        }
    }
}
