/// People can be offboarded: a user can be disabled (kept for the audit trail, refused at once).
let m0004Offboarding = Migration(
    version: 4, name: "offboarding",
    statements: [
        "ALTER TABLE users ADD COLUMN disabled_at TEXT",
        "CREATE INDEX tokens_user ON tokens(user_id)",
    ])
