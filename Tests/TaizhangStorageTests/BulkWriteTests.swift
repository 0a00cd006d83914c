import Foundation
import SQLKit
import TaizhangDomain
import TestSupport
import Testing

@testable import TaizhangStorage

/// How an import writes in bulk: SQLite's writer with a smaller page cache while it runs, set back
/// whether it succeeds or fails; PostgreSQL's search rows sent as binary `tsvector`s.
@Suite struct BulkWriteTests {
    struct Planned: Error {}

    static func cacheSize(_ db: any SQLDatabase) async throws -> Int {
        let row = try await db.raw("PRAGMA cache_size").first()
        return try #require(row).decode(column: "cache_size", as: Int.self)
    }

    /// The index's lexemes sent in binary are the very `tsvector` their literal gives, quotes,
    /// backslashes, emoji, repeated tokens and area qualifiers included.
    @Test(arguments: TestDatabase.available.filter { $0 == .postgres })
    func binaryTsvectorsAreTheirLiterals(db: TestDatabase) async throws {
        try await withLedger(on: db) { ledger in
            let body = SearchDocument(
                ["低保审核不严 O'Brien back\\slash 2019-3556 🙂 低保低保", "养老\n院"],
                extra: SearchScope.tokens(of: UnitPath("/1/2/13/")))
            let scope = SearchScope.tokens(in: body.ftsText)
            let title = SearchDocument(["低保 'quoted' 审核"]).withScope(scope)
            let qualifiers = SearchScope.qualifiers(inScope: scope)
            #expect(qualifiers.count == 2)
            let cases: [(String, [UInt8])] = [
                (body.tsvectorLiteral, body.tsvectorBinary), (title.tsvectorLiteral, title.tsvectorBinary),
                (title.qualifiedTsvectorLiteral(qualifiers), title.qualifiedTsvectorBinary(qualifiers)),
                (SearchDocument([""]).tsvectorLiteral, SearchDocument([""]).tsvectorBinary),
            ]
            for (literal, binary) in cases {
                let row = try await ledger.store.read { db in
                    try await db.raw(
                        """
                        SELECT CAST(\(bind: literal) AS tsvector) = \(bind: PostgresTSVector(bytes: binary)) AS same,
                            \(bind: PostgresTSVector(bytes: binary))::text AS shown
                        """
                    ).first()
                }
                let found = try #require(row)
                let shown = try found.decode(column: "shown", as: String.self)
                #expect(try found.decode(column: "same", as: Bool.self), "\(literal) ≠ \(shown)")
            }
        }
    }

    @Test(arguments: TestDatabase.available.filter { $0 == .sqlite })
    func theWritersCacheIsBackAfterABulkWriteThatSucceedsOrFails(db: TestDatabase) async throws {
        try await withLedger(on: db) { ledger in
            let store = ledger.store
            func now() async throws -> Int { try await store.write { db in try await Self.cacheSize(db) } }
            let before = try await now()
            let during = try await store.write { db in
                try await SQLiteStore.withBulkCache(db, dialect: .sqlite) { try await Self.cacheSize(db) }
            }
            let after = try await now()
            let expected: [Int] = [
                -SQLiteStore.writerCacheKB, -SQLiteStore.bulkWriterCacheKB, -SQLiteStore.writerCacheKB,
            ]
            #expect([before, during, after] == expected)
            await #expect(throws: Planned.self) {
                try await store.write { db in
                    try await SQLiteStore.withBulkCache(db, dialect: .sqlite) { () async throws -> Int in
                        throw Planned()
                    }
                }
            }
            #expect(try await now() == -SQLiteStore.writerCacheKB)
        }
    }
}
