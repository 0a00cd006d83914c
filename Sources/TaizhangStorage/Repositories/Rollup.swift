import SQLKit
import TaizhangDomain

/// Keeps the per-unit counters (for the unit and every ancestor) in step with each problem change,
/// in the same transaction, so counts for any subtree are a few indexed rows, never a scan.
enum Rollup {
    /// Moves a problem's contribution from its `old` form to its `new` one (nil = absent).
    static func apply(_ db: any SQLDatabase, old: Problem?, new: Problem?) async throws {
        var states: [Key: Int] = [:]
        var deadlines: [Key: Int] = [:]
        for (problem, sign) in [(old, -1), (new, 1)] {
            guard let problem else { continue }
            for unit in problem.unitPath.ids {
                states[Key(unit: unit, campaign: problem.campaignID, value: problem.state.rawValue), default: 0] += sign
                if problem.state.deadlineBinds, let deadline = problem.deadline {
                    deadlines[Key(unit: unit, campaign: problem.campaignID, value: deadline.description), default: 0] +=
                        sign
                }
            }
        }
        // Upserts in one global order (unit, campaign, value): two transactions touching the same
        // ancestors then lock their rows in the same order and cannot deadlock on PostgreSQL.
        for (key, delta) in states.sorted(by: { $0.key < $1.key }) where delta != 0 {
            try await db.raw(
                """
                INSERT INTO rollup_states (unit_id, campaign_id, state, n)
                VALUES (\(bind: key.unit), \(bind: key.campaign), \(bind: key.value), \(bind: delta))
                ON CONFLICT (unit_id, campaign_id, state) DO UPDATE SET n = rollup_states.n + excluded.n
                """
            ).run()
        }
        for (key, delta) in deadlines.sorted(by: { $0.key < $1.key }) where delta != 0 {
            try await db.raw(
                """
                INSERT INTO rollup_deadlines (unit_id, deadline, campaign_id, n)
                VALUES (\(bind: key.unit), \(bind: key.value), \(bind: key.campaign), \(bind: delta))
                ON CONFLICT (unit_id, deadline, campaign_id) DO UPDATE SET n = rollup_deadlines.n + excluded.n
                """
            ).run()
        }
    }

    struct Key: Hashable, Comparable {
        let unit: Int64
        let campaign: Int64
        let value: String

        static func < (a: Key, b: Key) -> Bool {
            (a.unit, a.campaign, a.value) < (b.unit, b.campaign, b.value)
        }
    }
}
