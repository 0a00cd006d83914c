import SQLKit
import Synchronization
import TaizhangDomain

/// Chooses how a deadline-ordered list of a subtree is read.
///
/// Three ways can serve it, each counted in index entries read:
/// - **walk** one state's deadlines in order (`problems_state_deadline_path`) and skip rows outside
///   the subtree: about `limit × ledger / subtree`; best for a province or a city;
/// - **per unit**: one short ordered walk per unit of the subtree (`problems_path_state_deadline`
///   with the unit's exact path), merged: about `units × limit`; best for a county, whose few
///   dozen units hold 1 % of the ledger (a walk would skip a hundred rows for each one kept);
/// - **read** the whole subtree and sort: about `subtree`; best when the subtree is small.
///
/// The roll-up counters give the sizes for free; the units are counted only as far as the per-unit
/// way could still win. SQLite's planner cannot see subtree sizes, so it is told which index to
/// use; PostgreSQL's planner chooses between walk and read itself, and is handed the per-unit
/// query (a lateral join) when that is cheapest, as no statistics tell it how a path range splits
/// into units.
struct DeadlineQueuePlan {
    enum Way: Equatable, Sendable {
        case walk
        case read
        /// PostgreSQL only: a lateral join over the subtree's units.
        case perUnit(UnitPath)
    }

    let way: Way
    let dialect: Dialect

    /// ` INDEXED BY …` on SQLite, empty on PostgreSQL.
    var hint: String {
        guard dialect == .sqlite else { return "" }
        switch way {
        case .walk: return " INDEXED BY problems_state_deadline_path"
        case .read, .perUnit: return " INDEXED BY problems_path_state_deadline"
        }
    }

    static func choose(
        _ db: any SQLDatabase, dialect: Dialect, subtree: OrgUnit?, campaignID: Int64?, states: [ProblemState],
        limit: Int, cache: QueuePlanCache
    ) async throws -> DeadlineQueuePlan {
        guard let subtree, let rootID = subtree.path.ids.first, rootID != subtree.id else {
            return DeadlineQueuePlan(way: .walk, dialect: dialect)
        }
        let key = QueuePlanCache.Key(subtree: subtree.id, campaignID: campaignID, states: states, limit: limit)
        if let way = cache.way(for: key) { return DeadlineQueuePlan(way: way, dialect: dialect) }
        let plan = try await measure(
            db, dialect: dialect, subtree: subtree, rootID: rootID, campaignID: campaignID, states: states,
            limit: limit)
        cache.remember(plan.way, for: key)
        return plan
    }

    static func measure(
        _ db: any SQLDatabase, dialect: Dialect, subtree: OrgUnit, rootID: Int64, campaignID: Int64?,
        states: [ProblemState], limit: Int
    ) async throws -> DeadlineQueuePlan {
        let counts = try await count(db, units: [subtree.id, rootID], campaignID: campaignID, states: states)
        let inSubtree = max(counts[subtree.id] ?? 0, 1)
        let inLedger = max(counts[rootID] ?? 0, 1)
        let walk = limit * inLedger / inSubtree
        let read = inSubtree
        var way: Way = walk <= read ? .walk : .read
        // Measured on SQLite, its walk already beats the per-unit query, whose statement alone
        // takes longer to prepare than the walk to run; PostgreSQL plans it once per statement.
        guard dialect == .postgres else { return DeadlineQueuePlan(way: way, dialect: dialect) }
        // A unit costs a descent of the index as well as its rows: count it as `limit + 8` entries.
        let perUnitBound = min(walk, read) / (limit + 8)
        if perUnitBound >= 1 {
            let range = subtree.path.subtreeRange
            let units = try await db.raw(
                """
                SELECT COUNT(*) AS n FROM (SELECT 1 FROM units
                WHERE path >= \(bind: range.lower) AND path < \(bind: range.upper) LIMIT \(literal: perUnitBound + 1)) AS u
                """
            ).first().map { try $0.int("n") }
            if let units, units <= perUnitBound { way = .perUnit(subtree.path) }
        }
        return DeadlineQueuePlan(way: way, dialect: dialect)
    }

    /// Problems in the given states under each unit, in one read of the roll-up counters.
    static func count(_ db: any SQLDatabase, units: [Int64], campaignID: Int64?, states: [ProblemState]) async throws
        -> [Int64: Int]
    {
        var query: SQLQueryString = """
            SELECT unit_id, CAST(SUM(n) AS BIGINT) AS n FROM rollup_states
            WHERE unit_id IN (\(binds: units)) AND state IN (\(binds: states.map(\.rawValue)))
            """
        if let campaignID { query = query + " AND campaign_id = \(bind: campaignID)" }
        query = query + " GROUP BY unit_id"
        var result: [Int64: Int] = [:]
        for row in try await db.raw(query).all() { result[try row.int64("unit_id")] = try row.int("n") }
        return result
    }
}

/// Remembers, for a few seconds, how a queue was best read: the sizes behind the choice change
/// slowly, and a choice that is a little out of date costs some speed, never a wrong answer.
/// Without it every page of a queue paid two more statements (round trips on PostgreSQL).
final class QueuePlanCache: Sendable {
    struct Key: Hashable, Sendable {
        let subtree: Int64
        let campaignID: Int64?
        let states: [ProblemState]
        let limit: Int
    }

    static let lifetime: Duration = .seconds(10)
    static let capacity = 10_000
    private let entries = Mutex<[Key: (way: DeadlineQueuePlan.Way, expires: ContinuousClock.Instant)]>([:])

    func way(for key: Key) -> DeadlineQueuePlan.Way? {
        let now = ContinuousClock.now
        return entries.withLock { e in
            guard let hit = e[key], hit.expires > now else { return nil }
            return hit.way
        }
    }

    func remember(_ way: DeadlineQueuePlan.Way, for key: Key) {
        let expires = ContinuousClock.now + Self.lifetime
        entries.withLock { e in
            if e.count >= Self.capacity { e.removeAll(keepingCapacity: true) }
            e[key] = (way, expires)
        }
    }
}
