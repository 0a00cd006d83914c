/// Search over problems (title; number, description, source reference, measures, notes) and over
/// reports (article titles; bodies), Chinese by bigrams, built here for the data already stored.
/// See `SearchIndex` for why the application cuts the tokens on both engines.
let m0005Search = Migration(
    version: 5, name: "search",
    statements: [],
    only: [
        .sqlite: [
            // The tokenizer splits only at the spaces between the application's tokens; contentless
            // (the texts live in their own tables) but deletable, so a row can be rewritten.
            """
            CREATE VIRTUAL TABLE problem_search USING fts5(
                title, body, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 0')
            """,
            """
            CREATE VIRTUAL TABLE report_search USING fts5(
                title, body, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 0')
            """,
        ],
        .postgres: [
            """
            CREATE TABLE problem_search (
                owner_id BIGINT PRIMARY KEY REFERENCES problems(id), title tsvector NOT NULL, body tsvector NOT NULL)
            """,
            "CREATE INDEX problem_search_title ON problem_search USING GIN (title)",
            // Every term may be in either column: one index over both (positions do not run across).
            "CREATE INDEX problem_search_all ON problem_search USING GIN ((title || body))",
            """
            CREATE TABLE report_search (
                owner_id BIGINT PRIMARY KEY REFERENCES reports(id), title tsvector NOT NULL, body tsvector NOT NULL)
            """,
            "CREATE INDEX report_search_title ON report_search USING GIN (title)",
            // Every term may be in either column: one index over both (positions do not run across).
            "CREATE INDEX report_search_all ON report_search USING GIN ((title || body))",
        ],
    ],
    // Migration 10 makes SQLite's titles index and rewrites every row again.
    build: { db, dialect in try await SearchIndex.indexAll(db, dialect: dialect, titles: false) })
