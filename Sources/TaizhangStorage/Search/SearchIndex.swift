import Foundation
import SQLKit
import TaizhangDomain

/// The search index, kept in the database beside what it indexes and written in the same
/// transaction as every change, so what a 2xx acknowledged is findable by the next request.
///
/// Both engines index the same tokens (`SearchDocument`: Chinese bigrams, words whole), cut by the
/// application, so both find exactly the same things:
/// - SQLite: an FTS5 table (contentless, deletable) whose `ascii` tokenizer only splits at the spaces the
///   application put between tokens; a query is a quoted FTS5 phrase per term.
/// - PostgreSQL: a table of `tsvector`s with positions, written as literals (no parser, no
///   dictionary, no extension), with GIN indexes; a query is a `tsquery` of phrases (`<->`).
/// Each indexed thing has two columns, its title and its body, so title hits can rank first.
enum SearchIndex {
    enum Table: String, CaseIterable {
        /// One row per problem: title; number, description, source reference, measures, notes.
        case problems = "problem_search"
        /// One row per report: article titles; article bodies.
        case reports = "report_search"
    }

    /// Writes (or replaces) the row of `id` (the one-row case of `writeMany`).
    static func write(
        _ db: any SQLDatabase, dialect: Dialect, table: Table, id: Int64, title: SearchDocument, body: SearchDocument,
        titles: Bool = true
    ) async throws {
        try await writeMany(db, dialect: dialect, table: table, [(id, title, body)], titles: titles)
    }

    /// The ids (in `table`) that match every term, in title or body — a subquery for `id IN (…)`.
    /// `within`: subtrees every match lies in (problems only, see `SearchScope`), asked of the index.
    /// `order`: SQLite's order of the terms, the rarest first (`sqliteTermOrder`).
    static func matching(
        _ query: SearchQuery, table: Table, within: [UnitPath]? = nil, order: [Int]? = nil, dialect: Dialect
    ) -> SQLQueryString {
        switch dialect {
        case .sqlite:
            let scoped = query.fts5(after: within.map(SearchScope.fts5), order: order ?? Array(query.terms.indices))
            return
                "SELECT \(unsafeRaw: sqliteOwner(table.rawValue)) FROM \(ident: table.rawValue) WHERE \(ident: table.rawValue) MATCH \(bind: scoped)"
        case .postgres:
            let scoped = within.map { "(" + query.tsquery + ") & " + SearchScope.tsquery($0) } ?? query.tsquery
            return "SELECT owner_id FROM \(ident: table.rawValue) WHERE (title || body) @@ \(bind: scoped)::tsquery"
        }
    }

    /// The ids whose title alone matches every term: they rank first.
    static func matchingTitle(_ query: SearchQuery, table: Table, dialect: Dialect) -> SQLQueryString {
        switch dialect {
        case .sqlite:
            return
                "SELECT \(unsafeRaw: sqliteOwner(table.rawValue)) FROM \(ident: table.rawValue) WHERE \(ident: table.rawValue) MATCH \(bind: "title : (" + query.fts5 + ")")"
        case .postgres:
            return "SELECT owner_id FROM \(ident: table.rawValue) WHERE title @@ \(bind: query.tsquery)::tsquery"
        }
    }

    /// SQLite's index of problems' titles alone, beside `problem_search` (title; scope tokens).
    ///
    /// The first rank of a search is the problems whose title holds every term, and it is read to
    /// its end whenever fewer than a page of titles match. In `problem_search` that meant walking
    /// every problem holding the words anywhere and testing where they stood: for two words in the
    /// same text, nearly always in the body, the whole intersection. Titles alone are a short list.
    /// PostgreSQL has the same in its GIN index on the title column.
    static let sqliteTitles = "problem_title_search"

    /// SQLite keeps a problem's rows in its full-text tables under its id negated, so the newest
    /// problem comes first in every list and a newest-first walk reads the lists forwards.
    ///
    /// Why: FTS5 reads a list backwards page by page, decoding the whole of each page it lands on
    /// to find its entries' starts, where forwards it steps from the page's start to the entry it
    /// wants. Two words ANDed in a county took 2.1 ms backwards and 1.1 ms forwards (the same
    /// statement on the 1,000,000-problem demo, measured); every search walks newest first.
    /// Reports are few and keep their ids.
    static func sqliteRowid(_ id: Int64, in table: String) -> Int64 { table == Table.reports.rawValue ? id : -id }

    /// The id a row of `table` belongs to, in SQL (`sqliteRowid` undone).
    static func sqliteOwner(_ table: String) -> String { table == Table.reports.rawValue ? "rowid" : "-rowid" }

    /// Problem ids matching the search — in the title only, or elsewhere but not all in the title —
    /// newest first, below `before` and above `after`, that satisfy `conditions` (on `problems`),
    /// at most `limit`.
    /// The index drives: it is read in descending id and each candidate's row checked, so the
    /// statement ends when the page is full.
    static func newestMatching(
        _ query: SearchQuery, titleOnly: Bool, within: [UnitPath]?, before: Int64?, after: Int64? = nil,
        conditions: [SQLQueryString], limit: Int, dialect: Dialect, gather: Bool = false, order: [Int]? = nil
    ) -> SQLQueryString {
        let table = dialect == .sqlite && titleOnly ? sqliteTitles : Table.problems.rawValue
        // Walking (PostgreSQL, many matches): the match written as the function behind `@@`, which
        // no index serves, so the planner walks the id index as asked instead of gathering every
        // match on its own estimate (which multiplies a phrase's bigrams as if independent: 276
        // rows estimated for 62,405, 0.7 s a query).
        var match = matchClause(
            query, titleOnly: titleOnly, within: within, dialect: dialect, indexed: gather || dialect == .sqlite,
            order: order)
        let passing = (conditions.isEmpty ? ["TRUE"] : conditions).joined(separator: " AND ")
        if dialect == .sqlite {
            // One level, so that FTS5 is asked for its own order (rowid ascending: newest first,
            // `sqliteRowid`) and each candidate's problem is tested as the walk reaches it.
            if let before { match = match + " AND \(ident: table).rowid > \(bind: sqliteRowid(before, in: table))" }
            if let after { match = match + " AND \(ident: table).rowid < \(bind: sqliteRowid(after, in: table))" }
            return "SELECT -\(ident: table).rowid AS page_id FROM \(ident: table) WHERE " + match
                + " AND EXISTS (SELECT 1 FROM problems WHERE problems.id = -\(ident: table).rowid AND " + passing
                + ") ORDER BY \(ident: table).rowid LIMIT \(literal: limit)"
        }
        if let before { match = match + " AND owner_id < \(bind: before)" }
        if let after { match = match + " AND owner_id > \(bind: after)" }
        // Gathering: every match from the GIN index first (OFFSET 0 keeps the planner from walking
        // the id index instead), sorted newest first, and the conditions tested in that order
        // until the page is full; for words with few matches. Tested before the sort, every match
        // was joined to its problem: two words ANDed across the province, 4,695 matches, merged
        // against 3,612 entries of the problems' id index for a page of 26. The test is a scalar
        // subquery, which PostgreSQL runs row by row as written: as `EXISTS` it became a hash join
        // of all 9,365 of a county's problems whenever the planner took the subtree's condition
        // (which the scope tokens already guarantee) to reject 99 % of the matches.
        // The conditions stand in the subquery's result, not its WHERE, so that only the id can
        // choose the index: given them, the planner read a county's whole range of the path index
        // for each row instead of its primary key (0.34 ms a row; 养老 in a county other than the
        // benchmark's 13: 10 ms against 0.5 ms a statement, 190 req/s, measured).
        let scope: SQLQueryString =
            gather
            ? "(SELECT CASE WHEN " + passing + " THEN 1 END FROM problems WHERE problems.id = page_id) IS NOT NULL"
            : "EXISTS (SELECT 1 FROM problems WHERE problems.id = page_id AND " + passing + ")"
        let fence: SQLQueryString = gather ? " ORDER BY page_id DESC OFFSET 0" : ""
        return "SELECT page_id FROM (SELECT owner_id AS page_id FROM \(ident: table) WHERE " + match + fence
            + ") AS m WHERE " + scope + " ORDER BY page_id DESC LIMIT \(literal: limit)"
    }

    /// Problems matching in the title only, or elsewhere but not all in the title; `within`: the
    /// subtrees they must lie in, as index terms (the scope tokens are in the body, and on
    /// PostgreSQL in the title too). `order`: SQLite's order of the terms, the rarest first
    /// (`sqliteTermOrder`).
    static func matchClause(
        _ query: SearchQuery, titleOnly: Bool, within: [UnitPath]?, dialect: Dialect, indexed: Bool = true,
        order: [Int]? = nil
    ) -> SQLQueryString {
        switch dialect {
        case .sqlite:
            let title = "title : (" + query.fts5 + ")"
            if titleOnly {
                let match = title + (within.map { " AND scope : " + SearchScope.fts5($0) } ?? "")
                return "\(ident: sqliteTitles) MATCH \(bind: match)"
            }
            // The scope inside the NOT, beside the words: FTS5 intersects it with them as it walks.
            // Outside, the NOT walked every match in the province first (two words ANDed in a
            // county: 9.7 → 2.5 ms for the statement, measured). The scope comes first: it is
            // what narrows a search below the province.
            let positive = query.fts5(after: within.map(SearchScope.fts5), order: order ?? Array(query.terms.indices))
            return "\(ident: Table.problems.rawValue) MATCH \(bind: "(" + positive + ") NOT " + title)"
        case .postgres:
            let q = query.tsquery
            let scope = within.map(SearchScope.tsquery)
            func matches(_ column: String, _ query: String) -> SQLQueryString {
                indexed
                    ? "\(unsafeRaw: column) @@ \(bind: query)::tsquery"
                    : "ts_match_vq(\(unsafeRaw: column), \(bind: query)::tsquery)"
            }
            let all = scope.map { "(" + q + ") & " + $0 } ?? q
            // A problem's title carries its scope tokens too (`writeMany`), so the words and the
            // subtree are intersected inside one GIN scan, which skips through the word's list.
            // Asked of two indexes, each made a bitmap of its every match and the two were ANDed:
            // 62,733 titles holding 低保 for a county's 611, 15 ms of a 25 ms statement, measured.
            // Within a city or a county, the title's tokens qualified by that area are asked for
            // instead (their own column): one short list (`SearchScope.qualifyingDepths`).
            if titleOnly {
                if let within, SearchScope.qualifies(within) {
                    let each = within.compactMap(\.ids.last).map {
                        "(" + query.tsquery(qualifier: SearchScope.qualifier(unit: $0)) + ")"
                    }
                    return matches("title_areas", each.joined(separator: " | "))
                }
                return matches("title", all)
            }
            return matches("(title || body)", all) + " AND NOT (title @@ \(bind: q)::tsquery)"
        }
    }

    /// SQLite's order for intersecting the terms, the rarest first (`SearchQuery.fts5(after:order:)`);
    /// nil when the order cannot matter: one term, or two and no scope (two operands of an AND
    /// advance each other alike in either order).
    ///
    /// How common each term is, from the newest `sampleIDs` problems, where a newest-first walk
    /// begins: the share of them it matches, read from at most `sampleMatches` of its entries
    /// so that a common word costs no more than a rare one (tens of microseconds, where counting
    /// every match of 养老 among 20,000 took 0.4 ms).
    static func sqliteTermOrder(_ db: any SQLDatabase, _ query: SearchQuery, within: [UnitPath]?) async throws
        -> [Int]?
    {
        guard query.terms.count > 1, query.terms.count + (within == nil ? 0 : 1) > 2 else { return nil }
        let top = try await db.raw("SELECT max(id) AS top FROM problems").first()?.optionalInt64("top") ?? 0
        let table = Table.problems.rawValue
        var share: [Double] = []
        for term in query.terms {
            // The newest matches first (`sqliteRowid`), down to the sample's oldest id.
            let row = try await db.raw(
                """
                SELECT count(*) AS n, max(rowid) AS oldest FROM (SELECT rowid FROM \(ident: table)
                WHERE \(ident: table) MATCH \(bind: SearchQuery.fts5Phrase(term))
                AND rowid < \(bind: sqliteRowid(top - Int64(sampleIDs), in: table)) ORDER BY rowid
                LIMIT \(literal: sampleMatches))
                """
            ).first()
            let n = try row?.int64("n") ?? 0
            // Fewer than the cap: all of them in the sample; else as many in the ids they spanned.
            let oldest = -(try row?.optionalInt64("oldest") ?? -top)
            let span = n < sampleMatches ? Int64(sampleIDs) : max(1, top - oldest + 1)
            share.append(Double(n) / Double(span))
        }
        return query.terms.indices.sorted { (share[$0], $0) < (share[$1], $1) }
    }

    static let sampleIDs = 20_000
    static let sampleMatches: Int64 = 200

    /// PostgreSQL's estimate of how many problems match, from its statistics of the index (no
    /// rows read). A GIN index gives matches in no order, so a newest-first page either walks the
    /// id index testing each row (cheap when matches are many) or gathers every match and sorts
    /// (cheap when they are few); left to itself, the planner walked a million rows for a word in
    /// none of the titles (2 req/s, measured). SQLite's FTS5 walks its own lists in id order.
    static func estimatedMatches(
        _ db: any SQLDatabase, _ query: SearchQuery, titleOnly: Bool, within: [UnitPath]?
    ) async throws -> Int {
        let plan = try await db.raw(
            "EXPLAIN SELECT owner_id FROM problem_search WHERE "
                + matchClause(query, titleOnly: titleOnly, within: within, dialect: .postgres)
        ).all()
        guard let first = try plan.first?.string("QUERY PLAN"), let range = first.range(of: "rows=") else { return 0 }
        return Int(first[range.upperBound...].prefix { $0.isNumber }) ?? 0
    }

    // MARK: What a problem's row holds

    /// Re-reads a problem's texts (in the caller's transaction) and rewrites its row; in a batch of
    /// SQLite writes, once just before the batch commits (`DeferredSearchRefresh`).
    /// `titleChanged: false` (a note or a measure) leaves SQLite's titles index as it is: rewriting
    /// it cost a fifth of a note's rate, measured.
    static func refreshProblem(
        _ db: any SQLDatabase, dialect: Dialect, id: Int64, titleChanged: Bool = true
    ) async throws {
        if dialect == .sqlite, let batch = DeferredSearchRefresh.current {
            batch.add(id, titleChanged: titleChanged)
            return
        }
        try await rewriteProblem(db, dialect: dialect, id: id, titleChanged: titleChanged)
    }

    /// `refreshProblem` now.
    ///
    /// On PostgreSQL the problem's row is locked first. Two notes written at once to one problem
    /// each read the texts without the other's (not yet committed) note, and the second row written
    /// replaced the first: a note was not found (the test of writes committed together caught it).
    /// Locked, the second waits for the first to commit, and then reads both notes. `NO KEY`: each
    /// writer of a note already holds a key-share lock on the row (its note's foreign key), and
    /// `FOR UPDATE` waits for those: two notes deadlocked each other (a second lost to the detector).
    static func rewriteProblem(_ db: any SQLDatabase, dialect: Dialect, id: Int64, titleChanged: Bool) async throws {
        let lock = dialect == .postgres ? " FOR NO KEY UPDATE" : ""
        guard
            let row = try await db.raw(
                "SELECT number, title, description, source_ref, unit_path FROM problems WHERE id = \(bind: id)\(unsafeRaw: lock)"
            ).first()
        else { return }
        let measures = try await db.raw("SELECT text FROM measures WHERE problem_id = \(bind: id) ORDER BY id")
            .all().map { try $0.string("text") }
        let notes = try await db.raw("SELECT text FROM progress_notes WHERE problem_id = \(bind: id) ORDER BY id")
            .all().map { try $0.string("text") }
        let (title, body) = problemDocuments(
            number: try row.string("number"), title: try row.string("title"),
            description: try row.string("description"), sourceRef: try row.string("source_ref"),
            unitPath: UnitPath(try row.string("unit_path")), measures: measures, notes: notes)
        try await write(db, dialect: dialect, table: .problems, id: id, title: title, body: body, titles: titleChanged)
    }

    /// A problem's two documents; the body ends with the tokens of where it lies (`SearchScope`).
    static func problemDocuments(
        number: String, title: String, description: String, sourceRef: String, unitPath: UnitPath,
        measures: [String], notes: [String]
    ) -> (title: SearchDocument, body: SearchDocument) {
        (
            SearchDocument([title]),
            SearchDocument(
                [number, description, sourceRef] + measures + notes, extra: SearchScope.tokens(of: unitPath))
        )
    }

    /// Rewrites a report's row from its stored articles.
    static func refreshReport(_ db: any SQLDatabase, dialect: Dialect, id: Int64) async throws {
        let articles = try await db.raw(
            "SELECT title, body FROM report_articles WHERE report_id = \(bind: id) ORDER BY seq"
        ).all()
        let titles = try articles.map { try $0.optionalString("title") ?? "" }
        let bodies = try articles.map { try $0.string("body") }
        try await write(
            db, dialect: dialect, table: .reports, id: id, title: SearchDocument(titles), body: SearchDocument(bodies))
    }
}
