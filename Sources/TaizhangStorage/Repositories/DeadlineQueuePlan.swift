import SQLKit
import TaizhangDomain

/// Chooses how a deadline-ordered list of a subtree is read.
///
/// Two indexes can serve it: walking one state's deadlines in order and skipping rows outside the
/// subtree (`problems_state_deadline_path`), or reading the whole subtree and sorting
/// (`problems_path_state_deadline`). The walk costs about `limit × ledger / subtree` index
/// entries, the read about `subtree`; the roll-up counters give both sizes for free.
/// SQLite's planner cannot see subtree sizes, so it is told; PostgreSQL's statistics see them.
struct DeadlineQueuePlan {
    /// ` INDEXED BY …` on SQLite, empty on PostgreSQL.
    let hint: String

    static func choose(
        _ db: any SQLDatabase, dialect: Dialect, subtree: OrgUnit?, campaignID: Int64?, states: [ProblemState],
        limit: Int
    ) async throws -> DeadlineQueuePlan {
        guard dialect == .sqlite else { return DeadlineQueuePlan(hint: "") }
        guard let subtree, let rootID = subtree.path.ids.first, rootID != subtree.id else {
            return DeadlineQueuePlan(hint: " INDEXED BY problems_state_deadline_path")
        }
        let counts = try await count(db, units: [subtree.id, rootID], campaignID: campaignID, states: states)
        let inSubtree = counts[subtree.id] ?? 0
        let inLedger = counts[rootID] ?? 0
        let walkIsCheaper = inSubtree * inSubtree >= limit * inLedger
        return DeadlineQueuePlan(
            hint: walkIsCheaper
                ? " INDEXED BY problems_state_deadline_path" : " INDEXED BY problems_path_state_deadline")
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
