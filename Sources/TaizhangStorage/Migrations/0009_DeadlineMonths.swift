/// The deadline counters again, by month: an overdue count is the whole months before this one
/// (a few dozen rows a unit) plus this month's days before today, instead of every past day (some
/// 1,500 rows a city in the 1,000,000-problem demo). A province's dashboard counts 48 units.
/// Both counters are read from their index alone (SQLite: a table without rowid; PostgreSQL: the
/// count included in the key's index), as is the state counter with its new index.
let m0009DeadlineMonths = Migration(
    version: 9, name: "deadline-months",
    statements: [
        "CREATE INDEX rollup_states_sum ON rollup_states(unit_id, state, campaign_id, n)"
    ],
    only: [
        .sqlite: [
            """
            CREATE TABLE rollup_deadline_months (
                unit_id INTEGER NOT NULL, month TEXT NOT NULL, campaign_id INTEGER NOT NULL, n INTEGER NOT NULL,
                PRIMARY KEY (unit_id, month, campaign_id)) WITHOUT ROWID
            """,
            Rollup.fillDeadlineMonths,
        ],
        .postgres: [
            """
            CREATE TABLE rollup_deadline_months (
                unit_id BIGINT NOT NULL, month TEXT NOT NULL, campaign_id BIGINT NOT NULL, n BIGINT NOT NULL,
                PRIMARY KEY (unit_id, month, campaign_id) INCLUDE (n))
            """,
            Rollup.fillDeadlineMonths,
        ],
    ])
