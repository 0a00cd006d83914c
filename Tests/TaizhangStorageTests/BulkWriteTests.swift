import Foundation
import SQLKit
import TaizhangDomain
import TestSupport
import Testing

@testable import TaizhangStorage

/// A bulk write (an import) changes how the writer works while it runs — SQLite's page cache,
/// PostgreSQL's GIN pending lists — and leaves both as they were afterwards, whether it succeeds
/// or fails, so no other write ever runs with the bulk settings.
@Suite struct BulkWriteTests {
    struct Planned: Error {}

    /// What the bulk write changes, as the writer sees it now.
    static func settings(_ db: any SQLDatabase, _ dialect: Dialect) async throws -> [String] {
        switch dialect {
        case .sqlite:
            let row = try await db.raw("PRAGMA cache_size").first()
            return [String(try #require(row).decode(column: "cache_size", as: Int.self))]
        case .postgres:
            return try await db.raw(
                """
                SELECT relname || ' ' || array_to_string(reloptions, ',') AS o FROM pg_class
                WHERE relnamespace = current_schema()::regnamespace AND relname LIKE 'problem_search_%'
                    AND relkind = 'i' AND reloptions IS NOT NULL
                ORDER BY relname
                """
            ).all().map { try $0.decode(column: "o", as: String.self) }
        }
    }

    static func bulk<T: Sendable>(
        _ db: any SQLDatabase, _ dialect: Dialect, _ body: () async throws -> T
    ) async throws -> T {
        try await SQLiteStore.withBulkCache(db, dialect: dialect) {
            try await SearchIndex.withLargePendingLists(db, dialect: dialect, body)
        }
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

    @Test(arguments: TestDatabase.available)
    func theWritersSettingsAreBackAfterABulkWriteThatSucceedsOrFails(db: TestDatabase) async throws {
        try await withLedger(on: db) { ledger in
            let dialect = ledger.store.dialect
            let before = try await ledger.store.write { db in try await Self.settings(db, dialect) }
            #expect(
                before
                    == (dialect == .sqlite
                        ? ["-65536"]
                        : SearchIndex.postgresProblemGINs.sorted().map {
                            "\($0) gin_pending_list_limit=1024"
                        }))
            let during = try await ledger.store.write { db in
                try await Self.bulk(db, dialect) { try await Self.settings(db, dialect) }
            }
            #expect(during != before, "the bulk settings are on while the body runs")
            #expect(try await ledger.store.write { db in try await Self.settings(db, dialect) } == before)

            await #expect(throws: Planned.self) {
                try await ledger.store.write { db in
                    try await Self.bulk(db, dialect) { () async throws -> Int in throw Planned() }
                }
            }
            #expect(try await ledger.store.write { db in try await Self.settings(db, dialect) } == before)
        }
    }
}
