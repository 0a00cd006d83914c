/// Reports (简报) units send in: kept raw (bytes by hash) and clean (one row per article,
/// with what the reader found), searchable, and linked from the problems drafted from them.
let m0002Reports = Migration(
    version: 2, name: "reports",
    statements: [
        """
        CREATE TABLE reports (
            id {ID},
            unit_id {BIGINT} NOT NULL REFERENCES units(id),
            unit_path {PATH} NOT NULL,
            campaign_id {BIGINT} REFERENCES campaigns(id),
            file_name TEXT NOT NULL,
            raw_sha256 TEXT NOT NULL,
            raw_size {BIGINT} NOT NULL,
            uploaded_by {BIGINT} NOT NULL REFERENCES users(id),
            created_at TEXT NOT NULL)
        """,
        "CREATE INDEX reports_path ON reports(unit_path, id)",
        """
        CREATE TABLE report_articles (
            report_id {BIGINT} NOT NULL REFERENCES reports(id),
            seq INTEGER NOT NULL,
            title TEXT,
            source TEXT,
            published TEXT,
            author TEXT,
            body TEXT NOT NULL,
            findings TEXT NOT NULL,
            PRIMARY KEY (report_id, seq))
        """,
        "ALTER TABLE problems ADD COLUMN report_id {BIGINT} REFERENCES reports(id)",
    ])
