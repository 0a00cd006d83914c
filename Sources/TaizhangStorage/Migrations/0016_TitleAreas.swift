/// PostgreSQL: each token of a problem's title is indexed again, qualified by the city and by the
/// county the problem lies in (`SearchScope.qualifyingDepths`), in a column of its own with its own
/// GIN index, so a title search within one of them reads that area's own list instead of
/// intersecting the word's with the area's (see `SearchIndex.matchClause`). The rebuild adds the
/// column and rewrites every row. SQLite's index is unchanged.
let m0016TitleAreas = Migration(
    version: 16, name: "title-areas",
    statements: [],
    build: { db, dialect in
        if dialect == .postgres { try await SearchIndex.rebuildProblems(db, dialect: dialect) }
    })
