/// PostgreSQL: the problems' search table is vacuumed once 1 % of its rows are dead (not 20 %), and
/// every vacuum cleans its GIN indexes.
///
/// A note rewrites its problem's search row, and a GIN index keeps pointing at the old row until a
/// vacuum cleans the index. PostgreSQL skips that cleaning when few pages hold dead rows, which is
/// just the case of the problems people are working on: after the benchmark's notes to one county,
/// that county's title scan for 低保 returned 4,591 row pointers for 611 rows and a search there ran
/// at a third of its rate; a plain `VACUUM` left it so, one with the indexes cleaned (3.6 s on the
/// 1,000,000-problem demo) brought it back. At the default 20 % a million-problem ledger would wait
/// for 200,000 rewrites.
let m0015SearchVacuum = Migration(
    version: 15, name: "search-vacuum",
    statements: [],
    only: [
        .postgres: [
            """
            ALTER TABLE problem_search SET (vacuum_index_cleanup = on, autovacuum_vacuum_scale_factor = 0.01)
            """
        ]
    ])
