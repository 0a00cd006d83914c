/// Counting a subtree's overdue items sums the roll-up rows dated before today: a city has some
/// 4,000 of them. With `n` in the index the sum is read from the index alone (SQLite: 0.83 → 0.47 ms
/// for a city of the 1,000,000-problem demo; PostgreSQL an index-only scan instead of a heap read
/// per row).
let m0006OverdueSumIndex = Migration(
    version: 6, name: "overdue-sum-index",
    statements: [
        "CREATE INDEX rollup_deadlines_sum ON rollup_deadlines(unit_id, deadline, campaign_id, n)"
    ])
