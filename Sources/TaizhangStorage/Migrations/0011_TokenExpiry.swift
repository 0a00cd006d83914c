/// Tokens may end by age: a password sign-in (a browser session, or a token asked for with a
/// password) stands for `SessionLifetime.seconds`; tokens an administrator issues for scripts
/// have no end (NULL) until revoked.
let m0011TokenExpiry = Migration(
    version: 11, name: "token-expiry",
    statements: ["ALTER TABLE tokens ADD COLUMN expires_at TEXT"])
