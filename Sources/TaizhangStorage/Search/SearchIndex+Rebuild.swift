import Foundation
import SQLKit
import TaizhangDomain

/// Building the index for what is already stored: by the migration that adds it, and by
/// `taizhang reindex` (after a change to how text is cut, or to check it).
extension SearchIndex {
    static let batchSize = 2_000

    /// Indexes the problems with ids after `afterID`, at most `batchSize`, in the caller's
    /// transaction. Returns the last id indexed, or nil when there were none.
    /// `titles`: write SQLite's titles index too (false only for migration 5, which ran before it existed).
    /// `fresh`: none of these problems is in the index yet (a new index, or new problems), so no row
    /// is deleted first. On SQLite a deleted id leaves a tombstone even when the index never held it,
    /// and every later merge looks each entry up among the tombstones: a demo's or a migration's
    /// build of a million rows left that much work behind for every write after it.
    static func indexProblems(
        _ db: any SQLDatabase, dialect: Dialect, after afterID: Int64, titles: Bool = true, fresh: Bool = false
    ) async throws -> (
        last: Int64, count: Int
    )? {
        let rows = try await db.raw(
            """
            SELECT id, number, title, description, source_ref, unit_path FROM problems
            WHERE id > \(bind: afterID) ORDER BY id LIMIT \(literal: batchSize)
            """
        ).all()
        guard let lastRow = rows.last else { return nil }
        let last = try lastRow.int64("id")
        var measures: [Int64: [String]] = [:]
        for row in try await db.raw(
            "SELECT problem_id, text FROM measures WHERE problem_id > \(bind: afterID) AND problem_id <= \(bind: last) ORDER BY id"
        ).all() {
            measures[try row.int64("problem_id"), default: []].append(try row.string("text"))
        }
        var notes: [Int64: [String]] = [:]
        for row in try await db.raw(
            "SELECT problem_id, text FROM progress_notes WHERE problem_id > \(bind: afterID) AND problem_id <= \(bind: last) ORDER BY id"
        ).all() {
            notes[try row.int64("problem_id"), default: []].append(try row.string("text"))
        }
        var entries: [(Int64, SearchDocument, SearchDocument)] = []
        entries.reserveCapacity(rows.count)
        for row in rows {
            let id = try row.int64("id")
            let (title, body) = problemDocuments(
                number: try row.string("number"), title: try row.string("title"),
                description: try row.string("description"), sourceRef: try row.string("source_ref"),
                unitPath: UnitPath(try row.string("unit_path")), measures: measures[id] ?? [], notes: notes[id] ?? [])
            entries.append((id, title, body))
        }
        try await writeMany(db, dialect: dialect, table: .problems, entries, titles: titles, fresh: fresh)
        return (last, rows.count)
    }

    /// Writes many rows at once, replacing any with the same ids; `fresh`: the ids are new to the
    /// index (just inserted problems), so there is nothing to replace.
    ///
    /// In chunks of `writeChunk` rows: PostgreSQL's multi-row statements, SQLite's rows run through
    /// one prepared statement (`BulkInsert`).
    static func writeMany(
        _ db: any SQLDatabase, dialect: Dialect, table: Table, _ entries: [(Int64, SearchDocument, SearchDocument)],
        titles: Bool = true, fresh: Bool = false
    ) async throws {
        for start in stride(from: 0, to: entries.count, by: writeChunk) {
            let chunk = entries[start..<min(start + writeChunk, entries.count)]
            switch dialect {
            case .sqlite:
                if !fresh {
                    try await db.raw(
                        "DELETE FROM \(ident: table.rawValue) WHERE rowid IN (\(binds: chunk.map { sqliteRowid($0.0, in: table.rawValue) }))"
                    ).run()
                }
                if !fresh && table == .problems && titles {
                    try await db.raw(
                        "DELETE FROM \(ident: sqliteTitles) WHERE rowid IN (\(binds: chunk.map { sqliteRowid($0.0, in: sqliteTitles) }))"
                    ).run()
                }
                for insert in sqliteInserts(chunk, table: table, titles: titles) { try await insert.run(on: db) }
            case .postgres:
                for insert in postgresInserts(chunk, table: table) { try await insert.run(on: db) }
            }
        }
    }

    /// The rows PostgreSQL's index takes for `entries`, replacing any with the same ids: for
    /// problems the title with the scope tokens the body ends with, and its tokens qualified by
    /// the problem's city and county in a column of their own (`SearchScope`).
    ///
    /// Made apart from the writing so an import makes them beside the database's work
    /// (`ImportSlice`): made on the way to the database, the lexemes were 30 % of a 100,000-row
    /// PostgreSQL import's CPU, all of it on the path the database waited on (perf).
    static func postgresInserts(
        _ entries: some Collection<(Int64, SearchDocument, SearchDocument)>, table: Table
    ) -> [BulkInsert] {
        if table == .problems {
            var rows = BulkInsert(
                "problem_search", ["owner_id", "title", "title_areas", "body"],
                suffix: """
                     ON CONFLICT (owner_id) DO UPDATE
                    SET title = EXCLUDED.title, title_areas = EXCLUDED.title_areas, body = EXCLUDED.body
                    """, perStatement: writeChunk)
            for (id, title, body) in entries {
                let scope = SearchScope.tokens(in: body.ftsText)
                rows.add([
                    id, PostgresTSVector(bytes: title.withScope(scope).tsvectorBinary),
                    PostgresTSVector(bytes: title.qualifiedTsvectorBinary(SearchScope.qualifiers(inScope: scope))),
                    PostgresTSVector(bytes: body.tsvectorBinary),
                ])
            }
            return [rows]
        }
        var rows = BulkInsert(
            table.rawValue, ["owner_id", "title", "body"],
            suffix: " ON CONFLICT (owner_id) DO UPDATE SET title = EXCLUDED.title, body = EXCLUDED.body",
            perStatement: writeChunk)
        for (id, title, body) in entries {
            rows.add([id, PostgresTSVector(bytes: title.tsvectorBinary), PostgresTSVector(bytes: body.tsvectorBinary)])
        }
        return [rows]
    }

    /// The rows SQLite's index takes for `entries` (new ones: nothing is deleted): the full-text
    /// table's, and for problems the titles' own index with the scope tokens the body ends with.
    ///
    /// In ascending rowid (`sqliteRowid`: problems in descending id): FTS5 writes out what it
    /// holds in memory whenever a row comes with a rowid below the last one's, which made every
    /// row of a bulk write its own segment (a million synthetic rows: 30 → 75 s, measured).
    static func sqliteInserts(
        _ entries: some Collection<(Int64, SearchDocument, SearchDocument)>, table: Table, titles: Bool = true
    ) -> [BulkInsert] {
        let ordered = entries.sorted { sqliteRowid($0.0, in: table.rawValue) < sqliteRowid($1.0, in: table.rawValue) }
        var rows = BulkInsert(table.rawValue, ["rowid", "title", "body"])
        for (id, title, body) in ordered {
            rows.add([sqliteRowid(id, in: table.rawValue), title.ftsText, body.ftsText])
        }
        guard table == .problems && titles else { return [rows] }
        var titleRows = BulkInsert(sqliteTitles, ["rowid", "title", "scope"])
        for (id, title, body) in ordered {
            titleRows.add([sqliteRowid(id, in: sqliteTitles), title.ftsText, SearchScope.tokens(in: body.ftsText)])
        }
        return [rows, titleRows]
    }

    /// Rows per statement of `writeMany` (three or four values a row: well under both engines' limits).
    static let writeChunk = 2_000

    /// Indexes every report, in the caller's transaction (reports are few beside problems).
    static func indexReports(_ db: any SQLDatabase, dialect: Dialect) async throws {
        for row in try await db.raw("SELECT id FROM reports ORDER BY id").all() {
            try await refreshReport(db, dialect: dialect, id: try row.int64("id"))
        }
    }

    /// Indexes everything stored, in the caller's transaction: the migration that adds the index.
    static func indexAll(_ db: any SQLDatabase, dialect: Dialect, titles: Bool = true) async throws {
        var after: Int64 = 0
        while let batch = try await indexProblems(db, dialect: dialect, after: after, titles: titles, fresh: true) {
            after = batch.last
        }
        try await indexReports(db, dialect: dialect)
        try await compact(db, dialect: dialect, titles: titles)
    }

    /// Empties the problems' index and writes every row again, in the caller's transaction.
    ///
    /// On PostgreSQL the table is truncated (deleting a million rows left them all as dead space
    /// beside the new ones: the index measured 4.0 GB after a rebuild, 2.0 GB built fresh) and its
    /// GIN indexes are built once at the end, which is far cheaper than a million inserts into them.
    static func rebuildProblems(_ db: any SQLDatabase, dialect: Dialect) async throws {
        switch dialect {
        case .sqlite:
            try await db.raw("INSERT INTO problem_search(problem_search) VALUES ('delete-all')").run()
            try await db.raw("INSERT INTO problem_title_search(problem_title_search) VALUES ('delete-all')").run()
        case .postgres:
            try await db.raw("TRUNCATE problem_search").run()
            // The table as this code writes it: migrations before 16 rebuild with this code too.
            try await db.raw(
                "ALTER TABLE problem_search ADD COLUMN IF NOT EXISTS title_areas tsvector NOT NULL DEFAULT ''"
            ).run()
            for index in ["problem_search_title", "problem_search_all", "problem_search_areas"] {
                try await db.raw("DROP INDEX IF EXISTS \(ident: index)").run()
            }
        }
        var after: Int64 = 0
        while let batch = try await indexProblems(db, dialect: dialect, after: after, fresh: true) {
            after = batch.last
        }
        if dialect == .postgres {
            for statement in postgresProblemIndexes { try await db.raw(SQLQueryString(statement)).run() }
        }
        try await compact(db, dialect: dialect)
    }

    /// PostgreSQL's GIN indexes of problems, with a pending list of 1 MB instead of the default 4 MB.
    ///
    /// A GIN index takes new entries into an unsorted pending list that every search reads whole
    /// until it is merged into the tree, by the write that fills it or by a vacuum. Measured on the
    /// 1,000,000-problem demo after 10 s of notes (wrk, 16 connections), against the default:
    /// a rare word across the province 415 → 514 req/s, the notes 918 → 846 writes/s with their
    /// p99 222 → 103 ms (each merge is smaller). Off altogether (every write merged at once):
    /// 579 req/s, but 563 writes/s.
    static let postgresProblemIndexes = [
        "CREATE INDEX problem_search_title ON problem_search USING GIN (title) WITH (gin_pending_list_limit = \(pendingListKB))",
        """
        CREATE INDEX problem_search_all ON problem_search USING GIN ((title || body))
        WITH (gin_pending_list_limit = \(pendingListKB))
        """,
        """
        CREATE INDEX problem_search_areas ON problem_search USING GIN (title_areas)
        WITH (gin_pending_list_limit = \(pendingListKB))
        """,
    ]

    /// The pending list of the problems' GIN indexes (kB).
    ///
    /// Not raised for bulk writes: merging a 64 MB list once at the end of an import made the
    /// index writes of a 100,000-row import 21.4 → 17.2 s, but a storage parameter can only be
    /// changed by `ALTER INDEX`, which takes an ACCESS EXCLUSIVE lock on the index: every search
    /// and every write of a problem would wait for the import to commit.
    static let pendingListKB = 1024

    /// Runs `body` (in the caller's transaction) with FTS5's automatic merging off for the
    /// problems' tables, and turns it on again before the transaction ends, so no other write ever
    /// runs without it and a rollback undoes both.
    ///
    /// A rebuild in place deletes every row it rewrites, and FTS5 merges its segments a little at
    /// every flush, checking each entry against the tombstones: three quarters of a rebuild's time
    /// (profiled, 100,000 problems). The rebuild ends with `compact`, which merges everything once.
    static func withoutAutomerge<T: Sendable>(
        _ db: any SQLDatabase, dialect: Dialect, _ body: () async throws -> T
    ) async throws -> T {
        guard dialect == .sqlite else { return try await body() }
        let tables = [Table.problems.rawValue, sqliteTitles]
        for table in tables {
            try await db.raw("INSERT INTO \(ident: table)(\(ident: table), rank) VALUES ('automerge', 0)").run()
        }
        let result = try await body()
        for table in tables {
            try await db.raw(
                "INSERT INTO \(ident: table)(\(ident: table), rank) VALUES ('automerge', \(literal: defaultAutomerge))"
            ).run()
        }
        return result
    }

    /// FTS5's default: a level's segments are merged once this many have gathered.
    static let defaultAutomerge = 4

    /// After a bulk build, merges SQLite's index into one segment per table.
    ///
    /// Built batch by batch, FTS5 leaves many segments that its automatic merging then works
    /// through a little on every later write: measured on the 1,000,000-problem demo, adding a
    /// note fell to 25–250 a second, each writing merge pages to the WAL. Merged once after the
    /// build, a write only merges its own small segment. PostgreSQL's GIN needs nothing of the kind.
    static func compact(_ db: any SQLDatabase, dialect: Dialect, titles: Bool = true) async throws {
        guard dialect == .sqlite else { return }
        for table in Table.allCases.map(\.rawValue) + (titles ? [sqliteTitles] : []) {
            try await db.raw("INSERT INTO \(ident: table)(\(ident: table)) VALUES ('optimize')").run()
        }
    }
}

/// `taizhang reindex`: rebuilds the search index batch by batch, each batch its own transaction,
/// while the server keeps serving (a write between batches rewrites its own row; the batch that
/// reaches it later reads the committed texts again).
public struct SearchReindexer: Sendable {
    let store: any SQLStore

    public init(store: any SQLStore) {
        self.store = store
    }

    /// Rebuilds every row; `progress` hears (problems done, problems in all) after each batch.
    public func run(progress: @escaping @Sendable (Int, Int) -> Void) async throws {
        let dialect = store.dialect
        let total = try await store.read { db in
            try await db.raw("SELECT COUNT(*) AS n FROM problems").one("SELECT COUNT(*) FROM problems").int64("n")
        }
        var after: Int64 = 0
        var done = 0
        while let batch = try await store.write({ [after] db in
            try await SearchIndex.withoutAutomerge(db, dialect: dialect) {
                try await SearchIndex.indexProblems(db, dialect: dialect, after: after)
            }
        }) {
            after = batch.last
            done += batch.count
            progress(done, Int(total))
        }
        try await store.write { db in try await SearchIndex.indexReports(db, dialect: dialect) }
        try await store.write { db in try await SearchIndex.compact(db, dialect: dialect) }
    }
}
