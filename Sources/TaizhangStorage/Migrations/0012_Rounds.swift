/// Reporting rounds (月调度) and each unit's return in them. A return carries its unit's path so
/// that a unit's returns, and everything a liaison owes, is one index range, as for problems.
let m0012Rounds = Migration(
    version: 12, name: "rounds",
    statements: [
        """
        CREATE TABLE rounds (
            id {ID},
            campaign_id {BIGINT} NOT NULL REFERENCES campaigns(id),
            unit_id {BIGINT} NOT NULL REFERENCES units(id),
            unit_path {PATH} NOT NULL,
            period TEXT NOT NULL,
            title TEXT NOT NULL,
            due_on TEXT NOT NULL,
            opened_by {BIGINT} REFERENCES users(id),
            opened_at TEXT NOT NULL,
            UNIQUE (campaign_id, unit_id, period))
        """,
        "CREATE INDEX rounds_unit_path ON rounds(unit_path, period)",
        """
        CREATE TABLE round_returns (
            id {ID},
            round_id {BIGINT} NOT NULL REFERENCES rounds(id),
            unit_id {BIGINT} NOT NULL REFERENCES units(id),
            unit_path {PATH} NOT NULL,
            state TEXT NOT NULL,
            summary TEXT NOT NULL,
            next_steps TEXT NOT NULL,
            figures TEXT,
            filed_by {BIGINT} REFERENCES users(id),
            filed_at TEXT,
            decided_by {BIGINT} REFERENCES users(id),
            decided_at TEXT,
            reason TEXT,
            version INTEGER NOT NULL,
            updated_at TEXT NOT NULL,
            UNIQUE (round_id, unit_id))
        """,
        "CREATE INDEX round_returns_unit_path ON round_returns(unit_path, state)",
    ])
