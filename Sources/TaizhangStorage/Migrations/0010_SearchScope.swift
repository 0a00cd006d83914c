/// The search index rebuilt:
/// - a problem's row now ends with the tokens of the units it lies in (`SearchScope`), so a search
///   within a county is intersected inside the index; rows written before have none and would
///   never match a scoped search, so every row is rewritten;
/// - on SQLite the FTS5 tables are made again with the `ascii` tokenizer. The application hands
///   FTS5 tokens already cut, folded and separated by spaces, and no token holds an ASCII
///   character other than a letter or digit, so `ascii` splits them exactly as `unicode61` did,
///   without classifying every character by Unicode category (a fifth of the writer's time when
///   a note re-indexes its problem, profiled);
/// - SQLite gains an index of problems' titles alone (`SearchIndex.sqliteTitles`), so the first
///   rank of a search (title hits) reads titles, not every text holding the words.
let m0010SearchScope = Migration(
    version: 10, name: "search-scope",
    statements: [],
    only: [
        .sqlite: [
            "DROP TABLE problem_search",
            "DROP TABLE report_search",
            """
            CREATE VIRTUAL TABLE problem_search USING fts5(
                title, body, content = '', contentless_delete = 1, tokenize = 'ascii')
            """,
            """
            CREATE VIRTUAL TABLE report_search USING fts5(
                title, body, content = '', contentless_delete = 1, tokenize = 'ascii')
            """,
            """
            CREATE VIRTUAL TABLE problem_title_search USING fts5(
                title, scope, content = '', contentless_delete = 1, tokenize = 'ascii')
            """,
        ]
    ],
    build: { db, dialect in
        switch dialect {
        case .sqlite: try await SearchIndex.indexAll(db, dialect: dialect)
        case .postgres: try await SearchIndex.rebuildProblems(db, dialect: dialect)
        }
    })
