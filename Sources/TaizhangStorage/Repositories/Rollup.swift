import Foundation
import SQLKit
import TaizhangDomain

/// Keeps the per-unit counters (for the unit and every ancestor) in step with each problem change,
/// in the same transaction, so counts for any subtree are a few indexed rows, never a scan.
enum Rollup {
    /// Moves a problem's contribution from its `old` form to its `new` one (nil = absent).
    static func apply(_ db: any SQLDatabase, old: Problem?, new: Problem?) async throws {
        try await apply(db, changes: [(old, new)])
    }

    /// Moves many problems' contributions at once (an import): each counter row is written once.
    static func apply(_ db: any SQLDatabase, changes: [(old: Problem?, new: Problem?)]) async throws {
        var tally = Tally()
        for (old, new) in changes {
            if let old { tally.add(old, -1) }
            if let new { tally.add(new, 1) }
        }
        try await tally.write(db)
    }

    /// Counter deltas gathered problem by problem, then written: an import tallies each new
    /// problem as it goes instead of keeping all of them (100,000 problems' text) to the end.
    struct Tally: Sendable {
        var states: [Key: Int] = [:]
        var deadlines: [Key: Int] = [:]
        var facets: [FacetKey: Int] = [:]

        /// Adds another tally's deltas to these.
        mutating func merge(_ other: Tally) {
            states.merge(other.states, uniquingKeysWith: +)
            deadlines.merge(other.deadlines, uniquingKeysWith: +)
            facets.merge(other.facets, uniquingKeysWith: +)
        }

        /// Adds (`sign` 1) or takes away (-1) the problem's contribution.
        mutating func add(_ problem: Problem, _ sign: Int) {
            let units = problem.unitPath.ids
            for (facet, value) in Facet.values(of: problem) {
                for unit in units {
                    facets[
                        FacetKey(
                            unit: unit, facet: facet.rawValue, value: value, state: problem.state.rawValue,
                            campaign: problem.campaignID), default: 0] += sign
                }
            }
            for unit in units {
                states[Key(unit: unit, campaign: problem.campaignID, value: problem.state.rawValue), default: 0] += sign
                if problem.state.deadlineBinds, let deadline = problem.deadline {
                    deadlines[Key(unit: unit, campaign: problem.campaignID, value: deadline.description), default: 0] +=
                        sign
                }
            }
        }

        func write(_ db: any SQLDatabase) async throws {
            var months: [Key: Int] = [:]
            var years: [Key: Int] = [:]
            for (key, delta) in deadlines where delta != 0 {
                months[Key(unit: key.unit, campaign: key.campaign, value: String(key.value.prefix(7))), default: 0] +=
                    delta
                years[Key(unit: key.unit, campaign: key.campaign, value: String(key.value.prefix(4))), default: 0] +=
                    delta
            }
            // Upserts in one global order per table (the keys' order): two transactions touching the
            // same ancestors then lock their rows in the same order and cannot deadlock on PostgreSQL.
            try await Rollup.add(db, states, to: "rollup_states", ["unit_id", "campaign_id", "state"]) {
                [$0.unit, $0.campaign, $0.value]
            }
            try await Rollup.add(db, deadlines, to: "rollup_deadlines", ["unit_id", "deadline", "campaign_id"]) {
                [$0.unit, $0.value, $0.campaign]
            }
            try await Rollup.add(
                db, facets, to: "rollup_facets", ["unit_id", "campaign_id", "facet", "value", "state"]
            ) {
                [$0.unit, $0.campaign, $0.facet, $0.value, $0.state]
            }
            try await Rollup.add(db, months, to: "rollup_deadline_months", ["unit_id", "month", "campaign_id"]) {
                [$0.unit, $0.value, $0.campaign]
            }
            try await Rollup.add(db, years, to: "rollup_deadline_years", ["unit_id", "year", "campaign_id"]) {
                [$0.unit, $0.value, $0.campaign]
            }
        }
    }

    /// Adds each non-zero delta to its counter row (made at the delta when missing), in key order.
    /// `columns` are the table's key, which is also its conflict target.
    static func add<K: Comparable>(
        _ db: any SQLDatabase, _ deltas: [K: Int], to table: String, _ columns: [String],
        values: (K) -> [any Encodable & Sendable]
    ) async throws {
        let rows = deltas.filter { $0.value != 0 }.sorted(by: { $0.key < $1.key })
        let names = BulkInsert.quoted(columns)
        let upsert = BulkInsert(
            table, columns + ["n"], suffix: " ON CONFLICT (\(names)) DO UPDATE SET n = \"\(table)\".n + excluded.n")
        // SQLite: one prepared upsert run for every row. PostgreSQL: one row a statement in the
        // everyday case (the same statement text every time); many rows a statement for an import,
        // where one statement per counter took most of two minutes for 100,000 new problems
        // (profiled). Keys are distinct, so no statement touches a row twice.
        let batch = db is SQLiteSQL || rows.count > 16 ? Self.upsertBatch : 1
        // In batches: an import's counters are a few hundred thousand rows, and all their bound
        // values at once were 52 MB at the import's peak (heaptrack).
        for start in stride(from: 0, to: rows.count, by: batch) {
            var insert = upsert
            for (key, delta) in rows[start..<min(start + batch, rows.count)] {
                insert.add(values(key) + [Int64(delta)])
            }
            try await insert.run(on: db)
        }
    }

    /// Counter rows upserted per batch when there are many.
    static let upsertBatch = 5_000

    /// Fills the month counters from the day counters (the migration; the demo after a bulk load).
    static let fillDeadlineMonths = """
        INSERT INTO rollup_deadline_months (unit_id, month, campaign_id, n)
        SELECT unit_id, substr(deadline, 1, 7), campaign_id, SUM(n) FROM rollup_deadlines
        GROUP BY unit_id, substr(deadline, 1, 7), campaign_id
        """

    /// Fills the year counters from the month counters (the migration; the demo after a bulk load).
    static let fillDeadlineYears = """
        INSERT INTO rollup_deadline_years (unit_id, year, campaign_id, n)
        SELECT unit_id, substr(month, 1, 4), campaign_id, SUM(n) FROM rollup_deadline_months
        GROUP BY unit_id, substr(month, 1, 4), campaign_id
        """

    /// Overdue (deadline before `today`) per unit of `units` as `unit_id, n` rows: whole years
    /// before this one, this year's whole months before this one, and this month's days, grouped
    /// by unit.
    static func overdueQuery(_ db: any SQLDatabase, units: [Int64], campaignID: Int64?, today: LocalDate)
        -> SQLQueryString
    {
        let month = String(today.description.prefix(7))
        let year = String(month.prefix(4))
        let campaign: SQLQueryString = campaignID.map { " AND campaign_id = \(bind: $0)" } ?? ""
        let ids = SQLIdList.condition("unit_id", Array(Set(units)).sorted(), in: db)
        return "SELECT unit_id, CAST(SUM(n) AS BIGINT) AS n FROM (SELECT unit_id, n FROM rollup_deadline_years WHERE "
            + ids + " AND year < \(bind: year)" + campaign
            + " UNION ALL SELECT unit_id, n FROM rollup_deadline_months WHERE "
            + ids + " AND month >= \(bind: year + "-01") AND month < \(bind: month)" + campaign
            + " UNION ALL SELECT unit_id, n FROM rollup_deadlines WHERE " + ids
            + " AND deadline >= \(bind: month + "-01") AND deadline < \(bind: today.description)" + campaign
            + ") AS o GROUP BY unit_id"
    }

    /// What a problem is counted under besides its state.
    enum Facet: String, CaseIterable {
        case source, category

        static func values(of p: Problem) -> [(Facet, String)] {
            [(.source, p.sourceChannel.rawValue), (.category, p.category)]
        }
    }

    struct FacetKey: Hashable, Comparable {
        let unit: Int64
        let facet: String
        let value: String
        let state: String
        let campaign: Int64

        static func < (a: FacetKey, b: FacetKey) -> Bool {
            if a.unit != b.unit { return a.unit < b.unit }
            if let order = ByteOrder.compare(a.facet, b.facet) ?? ByteOrder.compare(a.value, b.value)
                ?? ByteOrder.compare(a.state, b.state)
            {
                return order
            }
            return a.campaign < b.campaign
        }
    }

    /// Counts every stored problem into the facet counters (the migration; the demo after a bulk load):
    /// one grouped scan per facet, spread to each ancestor here, written in batches.
    static func rebuildFacets(_ db: any SQLDatabase) async throws {
        try await db.raw("DELETE FROM rollup_facets").run()
        var totals: [FacetKey: Int] = [:]
        for (facet, column) in [(Facet.source, "source_channel"), (Facet.category, "category")] {
            let rows = try await db.raw(
                """
                SELECT unit_path, campaign_id, \(unsafeRaw: column) AS value, state, COUNT(*) AS n FROM problems
                GROUP BY unit_path, campaign_id, \(unsafeRaw: column), state
                """
            ).all()
            for row in rows {
                let path = UnitPath(try row.string("unit_path"))
                let n = try row.int("n")
                for unit in path.ids {
                    totals[
                        FacetKey(
                            unit: unit, facet: facet.rawValue, value: try row.string("value"),
                            state: try row.string("state"), campaign: try row.int64("campaign_id")), default: 0] += n
                }
            }
        }
        var batch = BulkInsert("rollup_facets", ["unit_id", "campaign_id", "facet", "value", "state", "n"])
        for (key, n) in totals.sorted(by: { $0.key < $1.key }) where n != 0 {
            batch.add([key.unit, key.campaign, key.facet, key.value, key.state, Int64(n)])
        }
        try await batch.run(on: db)
    }

    struct Key: Hashable, Comparable {
        let unit: Int64
        let campaign: Int64
        let value: String

        static func < (a: Key, b: Key) -> Bool {
            if a.unit != b.unit { return a.unit < b.unit }
            if a.campaign != b.campaign { return a.campaign < b.campaign }
            return ByteOrder.compare(a.value, b.value) ?? false
        }
    }
}

/// Strings ordered by their UTF-8 bytes: a total order as good as any for taking counter rows in
/// one order, without the Unicode-aware comparison of `<` (sorting an import's 100,000 counter
/// keys with it was a tenth of the import's last seconds, profiled).
enum ByteOrder {
    /// Whether `a` comes before `b`; nil when they are the same bytes.
    static func compare(_ a: String, _ b: String) -> Bool? {
        var a = a
        var b = b
        return a.withUTF8 { x in
            b.withUTF8 { y in
                let common = min(x.count, y.count)
                let c = common == 0 ? 0 : memcmp(x.baseAddress!, y.baseAddress!, common)
                if c != 0 { return c < 0 }
                return x.count == y.count ? nil : x.count < y.count
            }
        }
    }
}
