import Foundation
import SQLKit
import TaizhangDomain

/// Two monthly rounds for the demo: last month's, opened by the top office for the units right
/// below it and mostly settled (accepted, filed, one sent back, a few still owed); and this
/// month's, opened for the first county's city, which the demo liaison's county still owes.
enum DemoRounds {
    static func make(
        store: any SQLStore, clock: any Clock, units: [OrgUnit], firstCounty: OrgUnit, campaignID: Int64,
        rng: inout SplitMix
    ) async throws {
        guard let root = units.first else { return }
        let today = clock.today()
        let rounds = RoundRepository(store: store, clock: clock)
        let lastMonth = today.month == 1 ? (today.year - 1, 12) : (today.year, today.month - 1)
        let current = RoundPeriod(today)
        guard let previous = RoundPeriod(year: lastMonth.0, month: lastMonth.1) else { return }
        let settled = try await rounds.open(
            title: "", period: previous, dueOn: previous.usualDueDay,
            campaignID: campaignID, unitID: root.id, reporting: nil, by: nil)
        if let city = firstCounty.parentID {
            _ = try await rounds.open(
                title: "", period: current, dueOn: current.usualDueDay,
                campaignID: campaignID, unitID: city, reporting: nil, by: nil)
        }
        // Last month's returns carry the ledger's figures of their units, as filing would.
        let office = Principal(
            userID: 1, name: "demo", grants: [Grant(role: .office, unitID: root.id, unitPath: root.path)])
        let counts = try await ProblemRepository(store: store, clock: clock).counts(
            eachOf: units.filter { $0.parentID == root.id }.map(\.id), campaignID: campaignID, for: office)
        let stamp = Timestamp.format(clock.now())
        let rows = try await store.read { db in
            try await db.raw(
                "SELECT id, unit_id FROM round_returns WHERE round_id = \(bind: settled.id) ORDER BY unit_path"
            ).all().map { (try $0.int64("id"), try $0.int64("unit_id")) }
        }
        var updates: [(id: Int64, state: ReturnState, summary: String, next: String, figures: String?)] = []
        for (i, (id, unit)) in rows.enumerated() {
            let state: ReturnState = [
                .accepted, .accepted, .accepted, .accepted, .accepted, .accepted, .filed, .filed,
                .returned, .notFiled,
            ][i % 10]
            guard state != .notFiled else { continue }
            let meetings = 1 + Int(rng.next() % 4)
            let done = Int(rng.next() % 12)
            let summary =
                "本月召开整改推进会\(meetings)次，完成整改\(done)项；"
                + DemoText.notes[Int(rng.next() % UInt64(DemoText.notes.count))]
                .replacingOccurrences(of: "%d", with: String(1 + rng.next() % 30))
            let figures = counts[unit].map { RoundRepository.json(ReturnFigures($0)) }
            updates.append((id, state, summary, "下月继续推进未完成事项，按期销号。", figures))
        }
        try await store.write { [updates] db in
            for u in updates {
                let decided = u.state == .accepted || u.state == .returned
                try await db.raw(
                    """
                    UPDATE round_returns SET state = \(bind: u.state.rawValue), summary = \(bind: u.summary),
                      next_steps = \(bind: u.next), figures = \(bind: u.figures), filed_by = 1, filed_at = \(bind: stamp),
                      decided_by = \(bind: decided ? Int64(1) : nil), decided_at = \(bind: decided ? stamp : nil),
                      reason = \(bind: u.state == .returned ? "进展数据与台账不一致，请核对后重新报送" : nil), version = 3
                    WHERE id = \(bind: u.id)
                    """
                ).run()
            }
        }
    }
}
