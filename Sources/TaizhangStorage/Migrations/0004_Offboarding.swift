/// People can be offboarded: a user can be disabled (kept for the audit trail, refused at once).
/// The trail's actions become a closed vocabulary: demo data once wrote "state" for a jump from
/// draft; it is named by the action that leads into the state it reached.
let m0004Offboarding = Migration(
    version: 4, name: "offboarding",
    statements: [
        """
        UPDATE audit_events SET action = CASE
            WHEN new_values LIKE '%"state":"submitted"%' THEN 'request-closure'
            WHEN new_values LIKE '%"state":"closed"%' THEN 'verify'
            WHEN new_values LIKE '%"state":"ongoing"%' THEN 'mark-ongoing'
            WHEN new_values LIKE '%"state":"merged"%' THEN 'merge'
            WHEN new_values LIKE '%"state":"dismissed"%' THEN 'dismiss'
            ELSE 'claim' END
        WHERE action = 'state'
        """,
        "ALTER TABLE users ADD COLUMN disabled_at TEXT",
        "CREATE INDEX tokens_user ON tokens(user_id)",
    ])
