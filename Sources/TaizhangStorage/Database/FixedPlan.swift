import SQLKit

/// Marks a statement whose best plan is the same whatever its values: the counters read by unit
/// ids, a deadline queue walked unit by unit. PostgreSQL runs such statements on connections that
/// keep one generic plan per prepared statement (`plan_cache_mode = force_generic_plan`).
///
/// Why: left to itself, PostgreSQL keeps planning these anew on every execution, because each
/// custom plan's estimate (from the actual ids or paths) looks cheaper than the generic one; in
/// `pg_stat_statements` planning took 0.28 ms of a counters read that ran in 0.16 ms, and 0.34 ms
/// of a list page. Generic plans for every statement are no answer: a search's plan depends on
/// how common its words are (forced generic, a rare word across the province timed out), so only
/// statements marked here are routed. SQLite ignores the mark (a comment).
enum FixedPlan {
    static let marker = "/* fixed plan */ "

    static func mark(_ query: SQLQueryString) -> SQLQueryString { "\(unsafeRaw: marker)" + query }

    static func isMarked(_ sql: String) -> Bool { sql.hasPrefix(marker) }
}
