import Foundation
import SQLKit
import TaizhangDomain

/// Sizes of a demo data set. The same seed (and day) gives the same data.
public struct DemoOptions: Sendable {
    public var units: Int
    public var problems: Int
    public var seed: UInt64

    public init(units: Int, problems: Int, seed: UInt64) {
        self.units = units
        self.problems = problems
        self.seed = seed
    }

    /// What `serve --demo` loads: small enough to appear in seconds.
    public static let standard = DemoOptions(units: 300, problems: 5_000, seed: 2019)
}

/// What was made, and how to sign in.
public struct DemoResult: Sendable {
    public var created: Bool
    public var units: Int
    public var problems: Int
    public var token: String?
    public static let password = "taizhang-demo"

    public init(created: Bool, units: Int, problems: Int, token: String?) {
        self.created = created
        self.units = units
        self.problems = problems
        self.token = token
    }
    public static let users: [(login: String, role: Role, note: String)] = [
        ("office", .office, "省领导小组办公室 (whole province)"), ("leader", .leader, "领导 (reads everything)"),
        ("supervisor", .supervision, "督导组 (whole province)"), ("admin", .admin, "管理员"),
        ("liaison", .liaison, "联络员 of the first county"), ("unitleader", .unitLeader, "单位负责人 of the first county"),
    ]

    public func banner(host: String, port: Int) -> String {
        guard created else { return "demo: the database already has data; nothing added." }
        return "demo data loaded: \(units) units, \(problems) problems.\n" + signIn(host: host, port: port)
    }

    /// How to sign in to the demo data, with the token if one was made.
    public func signIn(host: String, port: Int) -> String {
        var lines = [
            "open http://\(host):\(port)/sign-in in a browser (or POST http://\(host):\(port)/api/v1/session)",
            "and sign in with password \(Self.password) as:",
        ]
        for u in Self.users {
            lines.append("  \(u.login.padding(toLength: 11, withPad: " ", startingAt: 0)) \(u.note)")
        }
        if let token { lines.append("API token (office): \(token)") }
        lines.append("try: curl -H 'Authorization: Bearer \(token ?? "TOKEN")' http://\(host):\(port)/api/v1/problems")
        return lines.joined(separator: "\n")
    }
}

/// Generates and bulk-loads demo data: units, campaigns, users, problems with measures, notes,
/// evidence and audit history, and the roll-up counters, in large transactions.
public enum DemoData {
    /// Fills the database only if it has no units yet.
    public static func fillIfEmpty(
        store: any SQLStore, files: BlobStore, clock: any Clock, options: DemoOptions,
        hashPassword: @Sendable (String) -> String, progress: (@Sendable (Int, Int) -> Void)?
    ) async throws -> DemoResult {
        let existing = try await store.read { db in
            try await db.raw("SELECT COUNT(*) AS n FROM units").one("SELECT … FROM units").int("n")
        }
        if existing > 0 { return DemoResult(created: false, units: 0, problems: 0, token: nil) }
        var rng = SplitMix(seed: options.seed)
        let now = clock.now()
        let today = LocalDate(now)
        let stamp = Timestamp.format(now)
        let units = DemoUnits.make(count: options.units, rng: &rng)
        let campaigns = [
            Campaign(
                id: 1, name: "“不忘初心、牢记使命”主题教育", code: "2019", startsOn: LocalDate("2019-06-01")!,
                endsOn: LocalDate("2020-01-31"), participants: []),
            Campaign(
                id: 2, name: "学习贯彻习近平新时代中国特色社会主义思想主题教育", code: "2023", startsOn: LocalDate("2023-04-01")!,
                endsOn: nil, participants: []),
        ]
        let evidenceSHA = try files.store(Array(DemoEvidence.pdf.utf8))
        let firstCounty = units.first { $0.kind == .county } ?? units[0]
        let hash = hashPassword(DemoResult.password)
        try await store.write { db in
            var unitRows = BulkInsert("units", ["id", "parent_id", "name", "short_name", "kind", "path", "created_at"])
            for u in units {
                unitRows.add([u.id, u.parentID, u.name, u.shortName, u.kind.rawValue, u.path.value, stamp])
            }
            try await unitRows.run(on: db)
            var campaignRows = BulkInsert(
                "campaigns", ["id", "name", "code", "starts_on", "ends_on", "next_seq", "created_at"])
            var participants = BulkInsert("campaign_units", ["campaign_id", "unit_id", "batch"])
            for c in campaigns {
                campaignRows.add([c.id, c.name, c.code, c.startsOn.description, c.endsOn?.description, Int64(0), stamp])
                for u in units { participants.add([c.id, u.id, u.path.depth <= 1 ? 1 : 2]) }
            }
            try await campaignRows.run(on: db)
            try await participants.run(on: db)
            var userRows = BulkInsert("users", ["id", "login", "display_name", "password_hash", "created_at"])
            var grantRows = BulkInsert("grants", ["user_id", "role", "unit_id", "created_at"])
            for (i, u) in DemoResult.users.enumerated() {
                let unit = (u.role == .liaison || u.role == .unitLeader) ? firstCounty.id : units[0].id
                userRows.add([Int64(i + 1), u.login, DemoText.people[i] + "（\(u.role.chinese)）", hash, stamp])
                grantRows.add([Int64(i + 1), u.role.rawValue, unit, stamp])
            }
            try await userRows.run(on: db)
            try await grantRows.run(on: db)
        }
        let writer = DemoProblemWriter(
            units: Array(units.dropFirst()), campaigns: campaigns, today: today, stamp: stamp, evidenceSHA: evidenceSHA)
        var done = 0
        var state = DemoState()
        let batch = 5_000
        while done < options.problems {
            let n = min(batch, options.problems - done)
            let rows = writer.make(from: done, count: n, rng: &rng, state: &state)
            let dialect = store.dialect
            try await store.write { [done] db in
                try await rows.run(on: db)
                // Ids are 1…N in order: index this batch's problems with them, in its transaction.
                var after = Int64(done)
                while let indexed = try await SearchIndex.indexProblems(
                    db, dialect: dialect, after: after, fresh: true)
                {
                    after = indexed.last
                }
            }
            done += n
            progress?(done, options.problems)
        }
        let (states, deadlines) = state.rollupRows()
        let sequences = state.sequences
        try await store.write { db in
            try await states.run(on: db)
            try await deadlines.run(on: db)
            try await Rollup.rebuildFacets(db)
            try await db.raw(SQLQueryString(Rollup.fillDeadlineMonths)).run()
            try await db.raw(SQLQueryString(Rollup.fillDeadlineYears)).run()
            for c in campaigns {
                try await db.raw(
                    "UPDATE campaigns SET next_seq = \(bind: Int64(sequences[c.id] ?? 0)) WHERE id = \(bind: c.id)"
                ).run()
            }
            if store.dialect == .postgres {
                // Ids were given explicitly; move the identity sequences past them.
                for table in ["units", "campaigns", "users", "problems"] {
                    try await db.raw(
                        "SELECT setval(pg_get_serial_sequence(\(bind: table), 'id'), COALESCE((SELECT MAX(id) FROM \(ident: table)), 0) + 1, false)"
                    ).run()
                }
            }
        }
        try await store.write { db in try await SearchIndex.compact(db, dialect: store.dialect) }
        if store.dialect == .postgres {
            // Outside a transaction, as VACUUM must be: it also marks the pages all-visible, so
            // index-only scans need not visit the table (autovacuum would, some time later).
            try await store.read { db in try await db.raw("VACUUM ANALYZE").run() }
        } else {
            try await store.write { db in try await db.raw("ANALYZE").run() }
        }
        try await DemoRounds.make(
            store: store, clock: clock, units: units, firstCounty: firstCounty, campaignID: campaigns[1].id, rng: &rng)
        let token = try await UserRepository(store: store, clock: clock).createToken(userID: 1, name: "demo")
        return DemoResult(created: true, units: units.count, problems: options.problems, token: token)
    }
}

/// The single small PDF every demo closure cites; stored once, since evidence is addressed by hash.
enum DemoEvidence {
    static let pdf = """
        %PDF-1.4
        1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj
        2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj
        trailer << /Root 1 0 R >>
        %%EOF
        """
}
