/// The ledger core: units, campaigns, users and grants, problems with their measures, notes,
/// evidence, deadline changes, the audit trail, and the roll-up counters behind the dashboards.
let m0001Ledger = Migration(
    version: 1, name: "ledger",
    statements: [
        """
        CREATE TABLE units (
            id {ID},
            parent_id {BIGINT} REFERENCES units(id),
            name TEXT NOT NULL,
            short_name TEXT NOT NULL,
            kind TEXT NOT NULL,
            path {PATH} NOT NULL UNIQUE,
            created_at TEXT NOT NULL)
        """,
        "CREATE INDEX units_parent ON units(parent_id)",
        """
        CREATE TABLE campaigns (
            id {ID},
            name TEXT NOT NULL,
            code TEXT NOT NULL UNIQUE,
            starts_on TEXT NOT NULL,
            ends_on TEXT,
            next_seq {BIGINT} NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL)
        """,
        """
        CREATE TABLE campaign_units (
            campaign_id {BIGINT} NOT NULL REFERENCES campaigns(id),
            unit_id {BIGINT} NOT NULL REFERENCES units(id),
            batch INTEGER NOT NULL,
            PRIMARY KEY (campaign_id, unit_id))
        """,
        """
        CREATE TABLE users (
            id {ID},
            login TEXT NOT NULL UNIQUE,
            display_name TEXT NOT NULL,
            password_hash TEXT NOT NULL,
            created_at TEXT NOT NULL)
        """,
        """
        CREATE TABLE grants (
            id {ID},
            user_id {BIGINT} NOT NULL REFERENCES users(id),
            role TEXT NOT NULL,
            unit_id {BIGINT} NOT NULL REFERENCES units(id),
            created_at TEXT NOT NULL,
            UNIQUE (user_id, role, unit_id))
        """,
        """
        CREATE TABLE tokens (
            id {ID},
            user_id {BIGINT} NOT NULL REFERENCES users(id),
            token_hash TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            created_at TEXT NOT NULL,
            revoked_at TEXT)
        """,
        """
        CREATE TABLE problems (
            id {ID},
            campaign_id {BIGINT} NOT NULL REFERENCES campaigns(id),
            seq {BIGINT} NOT NULL,
            number TEXT NOT NULL,
            title TEXT NOT NULL,
            description TEXT NOT NULL,
            source_channel TEXT NOT NULL,
            source_ref TEXT NOT NULL,
            category TEXT NOT NULL,
            lead_unit_id {BIGINT} NOT NULL REFERENCES units(id),
            unit_path {PATH} NOT NULL,
            responsible_leader TEXT NOT NULL,
            responsible_person TEXT NOT NULL,
            found_on TEXT NOT NULL,
            deadline TEXT NOT NULL,
            rectification_type TEXT NOT NULL,
            state TEXT NOT NULL,
            merged_into_id {BIGINT} REFERENCES problems(id),
            state_reason TEXT,
            submitted_by {BIGINT},
            closed_on TEXT,
            version INTEGER NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            UNIQUE (campaign_id, number))
        """,
        // Subtree + state + deadline: the county ledger view; state + deadline: office-wide queues.
        "CREATE INDEX problems_path_state_deadline ON problems(unit_path, state, deadline, id)",
        "CREATE INDEX problems_state_deadline ON problems(state, deadline, id)",
        "CREATE INDEX problems_deadline ON problems(deadline, id)",
        "CREATE INDEX problems_updated ON problems(updated_at, id)",
        "CREATE INDEX problems_found ON problems(found_on, id)",
        """
        CREATE TABLE problem_supporting_units (
            problem_id {BIGINT} NOT NULL REFERENCES problems(id),
            unit_id {BIGINT} NOT NULL REFERENCES units(id),
            PRIMARY KEY (problem_id, unit_id))
        """,
        """
        CREATE TABLE measures (
            id {ID},
            problem_id {BIGINT} NOT NULL REFERENCES problems(id),
            text TEXT NOT NULL,
            owner TEXT NOT NULL,
            deadline TEXT,
            done_on TEXT,
            version INTEGER NOT NULL,
            created_at TEXT NOT NULL)
        """,
        "CREATE INDEX measures_problem ON measures(problem_id)",
        """
        CREATE TABLE progress_notes (
            id {ID},
            problem_id {BIGINT} NOT NULL REFERENCES problems(id),
            noted_on TEXT NOT NULL,
            text TEXT NOT NULL,
            figures TEXT NOT NULL,
            author_id {BIGINT} NOT NULL REFERENCES users(id),
            created_at TEXT NOT NULL)
        """,
        "CREATE INDEX progress_notes_problem ON progress_notes(problem_id, id)",
        """
        CREATE TABLE evidence (
            id {ID},
            problem_id {BIGINT} NOT NULL REFERENCES problems(id),
            file_name TEXT NOT NULL,
            content_type TEXT NOT NULL,
            size {BIGINT} NOT NULL,
            sha256 TEXT NOT NULL,
            uploaded_by {BIGINT} NOT NULL REFERENCES users(id),
            created_at TEXT NOT NULL)
        """,
        "CREATE INDEX evidence_problem ON evidence(problem_id)",
        """
        CREATE TABLE deadline_changes (
            id {ID},
            problem_id {BIGINT} NOT NULL REFERENCES problems(id),
            old_deadline TEXT,
            new_deadline TEXT NOT NULL,
            reason TEXT NOT NULL,
            requested_by {BIGINT} NOT NULL REFERENCES users(id),
            requested_at TEXT NOT NULL,
            status TEXT NOT NULL,
            decided_by {BIGINT} REFERENCES users(id),
            decided_at TEXT)
        """,
        "CREATE INDEX deadline_changes_problem ON deadline_changes(problem_id)",
        """
        CREATE TABLE audit_events (
            id {ID},
            at TEXT NOT NULL,
            actor_id {BIGINT},
            entity TEXT NOT NULL,
            entity_id {BIGINT} NOT NULL,
            problem_id {BIGINT},
            action TEXT NOT NULL,
            old_values TEXT,
            new_values TEXT)
        """,
        "CREATE INDEX audit_events_problem ON audit_events(problem_id, id)",
        "CREATE INDEX audit_events_entity ON audit_events(entity, entity_id)",
        // Counters kept in the same transaction as every change, for each unit and all its
        // ancestors, so a dashboard for the whole province reads a handful of rows.
        """
        CREATE TABLE rollup_states (
            unit_id {BIGINT} NOT NULL,
            campaign_id {BIGINT} NOT NULL,
            state TEXT NOT NULL,
            n {BIGINT} NOT NULL,
            PRIMARY KEY (unit_id, campaign_id, state))
        """,
        """
        CREATE TABLE rollup_deadlines (
            unit_id {BIGINT} NOT NULL,
            campaign_id {BIGINT} NOT NULL,
            deadline TEXT NOT NULL,
            n {BIGINT} NOT NULL,
            PRIMARY KEY (unit_id, deadline, campaign_id))
        """,
    ])
