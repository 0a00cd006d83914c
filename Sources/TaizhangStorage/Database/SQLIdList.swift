import SQLKit

/// A list of ids in a condition. On SQLite, `column IN (?, ?, …)`. On PostgreSQL, `column =
/// ANY($n)` with the ids as one `bigint[]` parameter: the statement's text and its parameter count
/// stay the same whatever the list's length, so it is prepared once per connection instead of
/// parsed and planned on every call (a province dashboard's 47 units were 145 parameters: 0.7 ms of
/// planning a call, pg_stat_statements).
enum SQLIdList {
    static func condition(_ column: String, _ ids: [Int64], in db: any SQLDatabase) -> SQLQueryString {
        if db.dialect.name == "postgresql" {
            return "\(unsafeRaw: column) = ANY(\(bind: ids))"
        }
        return "\(unsafeRaw: column) IN (\(binds: ids))"
    }
}
