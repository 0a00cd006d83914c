/// PostgreSQL: a problem's title in the search index carries the tokens of the units it lies in,
/// as its body already did, so a search of titles within a county is one GIN scan that intersects
/// the words with the county as it goes (see `SearchIndex.matchClause`). Rows written before have
/// titles without them and would never match a scoped title search, so every row is rewritten.
/// The GIN indexes are made again with a smaller pending list (`SearchIndex.postgresProblemIndexes`).
/// SQLite's titles index has had its own scope column since migration 10: nothing to do there.
let m0014TitleScope = Migration(
    version: 14, name: "title-scope",
    statements: [],
    build: { db, dialect in
        if dialect == .postgres { try await SearchIndex.rebuildProblems(db, dialect: dialect) }
    })
