/// The deadline counters by year too: an overdue count reads whole years before this one, this
/// year's months and this month's days, instead of every past month (about a hundred rows a unit
/// in the 1,000,000-problem demo, whose deadlines span 2019–2027: two thirds of a province
/// dashboard's database time, measured).
let m0013DeadlineYears = Migration(
    version: 13, name: "deadline-years",
    statements: [],
    only: [
        .sqlite: [
            """
            CREATE TABLE rollup_deadline_years (
                unit_id INTEGER NOT NULL, year TEXT NOT NULL, campaign_id INTEGER NOT NULL, n INTEGER NOT NULL,
                PRIMARY KEY (unit_id, year, campaign_id)) WITHOUT ROWID
            """,
            Rollup.fillDeadlineYears,
        ],
        .postgres: [
            """
            CREATE TABLE rollup_deadline_years (
                unit_id BIGINT NOT NULL, year TEXT NOT NULL, campaign_id BIGINT NOT NULL, n BIGINT NOT NULL,
                PRIMARY KEY (unit_id, year, campaign_id) INCLUDE (n))
            """,
            Rollup.fillDeadlineYears,
        ],
    ])
