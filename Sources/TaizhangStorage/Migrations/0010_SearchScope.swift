/// Problems' search rows again, now ending with the tokens of the units they lie in
/// (`SearchScope`), so a search within a county is intersected inside the index. Rows written
/// before this have no such tokens and would never match a scoped search: every row is rewritten.
let m0010SearchScope = Migration(
    version: 10, name: "search-scope",
    statements: [],
    build: { db, dialect in try await SearchIndex.rebuildProblems(db, dialect: dialect) })
