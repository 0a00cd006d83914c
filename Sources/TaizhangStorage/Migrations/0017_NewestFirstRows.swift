/// SQLite: the problems' full-text rows are written again under their ids negated
/// (`SearchIndex.sqliteRowid`), so that a newest-first walk reads FTS5's lists forwards. Every row
/// written before has its plain id, which the queries no longer ask for, so the problems' index is
/// rebuilt (reports keep theirs). PostgreSQL's index is unchanged.
let m0017NewestFirstRows = Migration(
    version: 17, name: "newest-first-rows",
    statements: [],
    build: { db, dialect in
        if dialect == .sqlite { try await SearchIndex.rebuildProblems(db, dialect: dialect) }
    })
