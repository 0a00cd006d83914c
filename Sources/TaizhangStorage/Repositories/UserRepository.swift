import Crypto
import Foundation
import SQLKit
import Synchronization
import TaizhangDomain

/// Users, their role grants and their API tokens. Tokens are stored only as SHA-256 digests.
public struct UserRepository: Sendable {
    let store: any SQLStore
    let clock: any Clock
    private let cache = PrincipalCache()
    /// Display names by id: a name never changes once given (no operation renames a person), so
    /// a page naming the people in a history needs no transaction once it has seen them.
    private let names = NameCache()

    public init(store: any SQLStore, clock: any Clock) {
        self.store = store
        self.clock = clock
    }

    public struct User: Sendable, Equatable {
        public var id: Int64
        public var login: String
        public var displayName: String
        public var passwordHash: String
        public var disabled: Bool = false
    }

    /// Adds a user; the password must already be hashed (bcrypt, by the caller).
    public func add(login: String, displayName: String, passwordHash: String) async throws -> User {
        try Limits.text(login, field: "login", max: 100, required: true)
        try Limits.text(displayName, field: "displayName", max: Limits.shortText)
        let now = clock.now()
        return try await store.write { db in
            if try await db.raw("SELECT id FROM users WHERE login = \(bind: login)").first() != nil {
                throw DomainError(
                    .conflict, code: "login_taken", field: "login", zh: "登录名 \(login) 已存在",
                    en: "login \(login) is already taken")
            }
            let id = try await db.raw(
                """
                INSERT INTO users (login, display_name, password_hash, created_at)
                VALUES (\(bind: login), \(bind: displayName), \(bind: passwordHash), \(bind: Timestamp.format(now)))
                RETURNING id
                """
            ).one("INSERT INTO users").int64("id")
            try await AuditLog.record(
                db, actor: nil, entity: .user, entityID: id, problemID: nil, action: .create,
                new: ["login": login, "displayName": displayName], at: now)
            return User(id: id, login: login, displayName: displayName, passwordHash: passwordHash)
        }
    }

    public func user(login: String) async throws -> User? {
        try await store.read { db in
            try await db.raw(
                "SELECT id, login, display_name, password_hash, disabled_at FROM users WHERE login = \(bind: login)"
            )
            .first().map { row in
                User(
                    id: try row.int64("id"), login: try row.string("login"),
                    displayName: try row.string("display_name"), passwordHash: try row.string("password_hash"),
                    disabled: try row.optionalString("disabled_at") != nil)
            }
        }
    }

    /// Grants `role` for `unitID` and everything below it. `actor` nil is the command line.
    public func grant(userID: Int64, role: Role, unitID: Int64, by actor: Principal? = nil) async throws {
        let now = clock.now()
        try await store.write { db in
            try await Self.requireGrantable(db, unitID: unitID, by: actor, doing: "授予角色")
            guard try await db.raw("SELECT id FROM users WHERE id = \(bind: userID)").first() != nil else {
                throw DomainError.invalid("user", zh: "用户不存在", en: "no such user")
            }
            try await db.raw(
                """
                INSERT INTO grants (user_id, role, unit_id, created_at)
                VALUES (\(bind: userID), \(bind: role.rawValue), \(bind: unitID), \(bind: Timestamp.format(now)))
                ON CONFLICT (user_id, role, unit_id) DO NOTHING
                """
            ).run()
            try await AuditLog.record(
                db, actor: actor?.userID, entity: .grant, entityID: userID, problemID: nil, action: .grant,
                new: ["role": role.rawValue, "unitId": String(unitID)], at: now)
            try await store.authSignal.announce(db)
        }
        store.authSignal.committed()
    }

    /// Roles are given and taken for units the actor administers; a missing unit and one outside
    /// the actor's scope answer alike. `actor` nil is the command line, which may do anything.
    static func requireGrantable(_ db: any SQLDatabase, unitID: Int64, by actor: Principal?, doing: String) async throws
    {
        guard let unit = try await UnitRepository.find(db, id: unitID), actor.map({ $0.sees(unit.path) }) ?? true else {
            throw DomainError.invalid(
                "unitId", zh: "单位不存在或不在您的范围内", en: "no such unit in your scope", code: "unknown_unit")
        }
        if let actor { try Policy.require(Policy.manageUsers, of: actor, at: unit.path, entity: .unit, doing: doing) }
    }

    /// Takes a role away. Refused at once on every server process.
    public func removeGrant(userID: Int64, role: Role, unitID: Int64, by actor: Principal?) async throws {
        let now = clock.now()
        try await store.write { db in
            try await Self.requireGrantable(db, unitID: unitID, by: actor, doing: "收回角色")
            let removed = try await db.raw(
                """
                DELETE FROM grants WHERE user_id = \(bind: userID) AND role = \(bind: role.rawValue) AND unit_id = \(bind: unitID)
                RETURNING id
                """
            ).first()
            guard removed != nil else { throw DomainError.notFound(.grant) }
            try await AuditLog.record(
                db, actor: actor?.userID, entity: .grant, entityID: userID, problemID: nil, action: .revoke,
                old: ["role": role.rawValue, "unitId": String(unitID)], at: now)
            try await store.authSignal.announce(db)
        }
        store.authSignal.committed()
    }

    /// Disables (or enables again) a user: their tokens stop working at once on every server
    /// process, and sign-in is refused. The user and their trail stay.
    public func setDisabled(_ disabled: Bool, userID: Int64, by actor: Principal?) async throws {
        let now = clock.now()
        try await store.write { db in
            guard try await db.raw("SELECT id FROM users WHERE id = \(bind: userID)").first() != nil else {
                throw DomainError.notFound(.user)
            }
            if let actor {
                let target = try await Self.principal(db, userID: userID, name: "")
                try Policy.requireUserAdmin(actor, over: target)
            }
            try await db.raw(
                "UPDATE users SET disabled_at = \(bind: disabled ? Timestamp.format(now) : nil) WHERE id = \(bind: userID)"
            ).run()
            try await AuditLog.record(
                db, actor: actor?.userID, entity: .user, entityID: userID, problemID: nil,
                action: disabled ? .disable : .enable, at: now)
            try await store.authSignal.announce(db)
        }
        store.authSignal.committed()
    }

    /// A person as an administrator sees them: account, grants, and whether they are disabled.
    public struct Person: Sendable {
        public var id: Int64
        public var login: String
        public var displayName: String
        public var disabled: Bool
        public var grants: [Grant]
    }

    /// The people holding a grant somewhere under `roots` (an administrator's scope), by login.
    public func people(under roots: [UnitPath], limit: Int = 500) async throws -> [Person] {
        guard !roots.isEmpty else { return [] }
        return try await store.read { db in
            let within = roots.map { "u.path LIKE \(bind: $0.value + "%")" as SQLQueryString }
            let ids = try await db.raw(
                "SELECT DISTINCT g.user_id FROM grants g JOIN units u ON u.id = g.unit_id WHERE "
                    + within.joined(separator: " OR ") + " ORDER BY g.user_id LIMIT \(literal: limit)"
            ).all().map { try $0.int64("user_id") }
            guard !ids.isEmpty else { return [] }
            // Three statements for the lot, whatever the number of people.
            var grants: [Int64: [Grant]] = [:]
            for row in try await db.raw(
                """
                SELECT g.user_id, g.role, g.unit_id, u.path FROM grants g JOIN units u ON u.id = g.unit_id
                WHERE g.user_id IN (\(binds: ids))
                """
            ).all() {
                grants[try row.int64("user_id"), default: []].append(
                    Grant(
                        role: try row.enumValue("role", as: Role.self), unitID: try row.int64("unit_id"),
                        unitPath: UnitPath(try row.string("path"))))
            }
            let people = try await db.raw(
                "SELECT id, login, display_name, disabled_at FROM users WHERE id IN (\(binds: ids))"
            ).all().map { row in
                let id = try row.int64("id")
                return Person(
                    id: id, login: try row.string("login"), displayName: try row.string("display_name"),
                    disabled: try row.optionalString("disabled_at") != nil, grants: grants[id] ?? [])
            }
            return people.sorted { $0.login < $1.login }
        }
    }

    /// The live (neither revoked nor ended by age) tokens of several people, by person, in one statement.
    public func liveTokens(of userIDs: [Int64]) async throws -> [Int64: [TokenInfo]] {
        guard !userIDs.isEmpty else { return [:] }
        let now = Timestamp.format(clock.now())
        return try await store.read { db in
            var out: [Int64: [TokenInfo]] = [:]
            for row in try await db.raw(
                """
                SELECT id, user_id, name, created_at, expires_at FROM tokens
                WHERE user_id IN (\(binds: userIDs)) AND revoked_at IS NULL
                  AND (expires_at IS NULL OR expires_at > \(bind: now)) ORDER BY id
                """
            ).all() {
                out[try row.int64("user_id"), default: []].append(
                    TokenInfo(
                        id: try row.int64("id"), name: try row.string("name"), createdAt: try row.date("created_at"),
                        revokedAt: nil, expiresAt: try row.optionalDate("expires_at")))
            }
            return out
        }
    }

    /// Display names by user id (for showing who did what on a record the caller may read).
    public func displayNames(_ ids: Set<Int64>) async throws -> [Int64: String] {
        guard !ids.isEmpty else { return [:] }
        var known: [Int64: String] = [:]
        let missing = names.map.withLock { cache in
            ids.filter { id in
                guard let name = cache[id] else { return true }
                known[id] = name
                return false
            }
        }
        guard !missing.isEmpty else { return known }
        let found = try await store.read { db in
            var found: [Int64: String] = [:]
            for row in try await db.raw(
                "SELECT id, display_name FROM users WHERE id IN (\(binds: missing.sorted()))"
            ).all() {
                found[try row.int64("id")] = try row.string("display_name")
            }
            return found
        }
        names.map.withLock { cache in
            if cache.count > 100_000 { cache.removeAll(keepingCapacity: true) }
            cache.merge(found) { $1 }
        }
        return known.merging(found) { $1 }
    }

    /// A token of the user's own, as listed (never the token itself).
    public struct TokenInfo: Sendable, Equatable {
        public var id: Int64
        public var name: String
        public var createdAt: Date
        public var revokedAt: Date?
        /// When it ends by age (a password sign-in), if ever.
        public var expiresAt: Date?
    }

    public func tokens(of userID: Int64) async throws -> [TokenInfo] {
        try await store.read { db in
            try await db.raw(
                "SELECT id, name, created_at, revoked_at, expires_at FROM tokens WHERE user_id = \(bind: userID) ORDER BY id"
            ).all().map {
                TokenInfo(
                    id: try $0.int64("id"), name: try $0.string("name"), createdAt: try $0.date("created_at"),
                    revokedAt: try $0.optionalDate("revoked_at"), expiresAt: try $0.optionalDate("expires_at"))
            }
        }
    }

    /// Revokes tokens of `userID`: the one with `tokenID`, the one whose clear text is `token`,
    /// or (both nil) all of them. Refused at once on every server process. Returns how many.
    @discardableResult
    public func revokeTokens(
        of userID: Int64, tokenID: Int64? = nil, token: String? = nil, by actor: Principal?
    ) async throws -> Int {
        let now = clock.now()
        let count = try await store.write { db -> Int in
            if let actor, actor.userID != userID {
                try Policy.requireUserAdmin(actor, over: try await Self.principal(db, userID: userID, name: ""))
            }
            var query: SQLQueryString =
                "UPDATE tokens SET revoked_at = \(bind: Timestamp.format(now)) WHERE user_id = \(bind: userID) AND revoked_at IS NULL"
            if let tokenID { query = query + " AND id = \(bind: tokenID)" }
            if let token { query = query + " AND token_hash = \(bind: Self.digest(token))" }
            let revoked = try await db.raw(query + " RETURNING id").all().map { try $0.int64("id") }
            if tokenID != nil && revoked.isEmpty { throw DomainError.notFound(.token) }
            for id in revoked {
                try await AuditLog.record(
                    db, actor: actor?.userID, entity: .token, entityID: id, problemID: nil, action: .revoke, at: now)
            }
            if !revoked.isEmpty { try await store.authSignal.announce(db) }
            return revoked.count
        }
        store.authSignal.committed()
        return count
    }

    /// Creates an API token and returns it in clear, once; only its digest is kept. With a
    /// `lifetime` (seconds) it ends by itself that long after now.
    public func createToken(userID: Int64, name: String, lifetime: Int? = nil) async throws -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let token = "tz_" + Digits.hex(bytes)
        let now = clock.now()
        try await store.write { db in
            try await db.raw(
                """
                INSERT INTO tokens (user_id, token_hash, name, created_at, expires_at)
                VALUES (\(bind: userID), \(bind: Self.digest(token)), \(bind: name), \(bind: Timestamp.format(now)),
                        \(bind: lifetime.map { Timestamp.format(now.addingTimeInterval(Double($0))) }))
                """
            ).run()
            try await AuditLog.record(
                db, actor: userID, entity: .token, entityID: userID, problemID: nil, action: .create,
                new: ["name": name], at: now)
        }
        return token
    }

    /// The principal a bearer token stands for, with all its grants, or nil.
    public func principal(token: String) async throws -> Principal? {
        let digest = Self.digest(token)
        // Read before the database: a change committed meanwhile makes what is read here stale at once.
        let generation = store.authSignal.generation
        let now = clock.now()
        if let known = cache.principal(digest: digest, generation: generation, now: now) { return known }
        let found = try await store.read { db -> (Principal, Date?)? in
            guard
                let row = try await db.raw(
                    """
                    SELECT u.id, u.display_name, t.expires_at FROM tokens t JOIN users u ON u.id = t.user_id
                    WHERE t.token_hash = \(bind: digest) AND t.revoked_at IS NULL AND u.disabled_at IS NULL
                    """
                ).first()
            else { return nil }
            let expires = try row.optionalDate("expires_at")
            return (try await Self.principal(db, userID: row.int64("id"), name: row.string("display_name")), expires)
        }
        guard let (principal, expires) = found, expires.map({ $0 > now }) ?? true else { return nil }
        cache.remember(principal, digest: digest, generation: generation, until: expires)
        return principal
    }

    public func principal(userID: Int64) async throws -> Principal? {
        try await store.read { db in
            guard
                let row = try await db.raw(
                    "SELECT display_name FROM users WHERE id = \(bind: userID) AND disabled_at IS NULL"
                ).first()
            else { return nil }
            return try await Self.principal(db, userID: userID, name: row.string("display_name"))
        }
    }

    static func principal(_ db: any SQLDatabase, userID: Int64, name: String) async throws -> Principal {
        let grants = try await db.raw(
            "SELECT g.role, g.unit_id, u.path FROM grants g JOIN units u ON u.id = g.unit_id WHERE g.user_id = \(bind: userID)"
        ).all().map { row in
            Grant(
                role: try row.enumValue("role", as: Role.self), unitID: try row.int64("unit_id"),
                unitPath: UnitPath(try row.string("path")))
        }
        return Principal(userID: userID, name: name, grants: grants)
    }

    /// A session's form token: a digest of its secret under a label of its own (not the digest
    /// kept in the database, which would let anyone who reads the table forge forms).
    public static func formToken(session: String) -> String {
        String(Digits.hex(SHA256.hash(data: Data(("taizhang-form:" + session).utf8))).prefix(40))
    }

    static func digest(_ token: String) -> String {
        Digits.hex(SHA256.hash(data: Data(token.utf8)))
    }
}

/// Display names by user id, shared by the requests of one server process.
final class NameCache: Sendable {
    let map = Mutex<[Int64: String]>([:])
}
