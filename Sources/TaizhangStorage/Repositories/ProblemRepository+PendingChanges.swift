import Foundation
import SQLKit
import TaizhangDomain

/// A deadline change waiting for a decision, with the problem it is about.
public struct PendingDeadlineChange: Sendable {
    public var change: DeadlineChange
    public var problem: Problem
}

extension ProblemRepository {
    /// The newest pending deadline changes on problems led inside `unitID` (or the whole scope)
    /// that `actor` may read, at most `limit`, and how many there are in all.
    public func pendingDeadlineChanges(unitID: Int64?, limit: Int, for actor: Principal) async throws -> (
        items: [PendingDeadlineChange], total: Int
    ) {
        try await store.read { db in
            let roots: [UnitPath]
            if let unitID {
                guard let unit = try await units.unit(db, id: unitID), actor.sees(unit.path) else {
                    throw DomainError.notFound(.unit)
                }
                roots = [unit.path]
            } else {
                roots = actor.scopeRoots
            }
            guard !roots.isEmpty else { return ([], 0) }
            let scope: SQLQueryString = "(" + roots.map(Self.subtree).joined(separator: " OR ") + ")"
            // CROSS JOIN: SQLite starts from the pending changes (a partial index of a few rows),
            // not from the scope's problems (a million for a province: 160 ms, measured).
            let from: SQLQueryString =
                "FROM deadline_changes d CROSS JOIN problems WHERE problems.id = d.problem_id AND d.status = 'pending' AND "
                + scope
            let total = try await db.raw("SELECT COUNT(*) AS n " + from).first()?.int("n") ?? 0
            let ids = try await db.raw(
                "SELECT d.id AS change_id, d.problem_id " + from + " ORDER BY d.id DESC LIMIT \(literal: limit)"
            ).all().map { (try $0.int64("change_id"), try $0.int64("problem_id")) }
            var items: [PendingDeadlineChange] = []
            for (changeID, problemID) in ids {
                guard
                    let change = try await db.raw(
                        "SELECT \(unsafeRaw: Self.deadlineChangeColumns) FROM deadline_changes WHERE id = \(bind: changeID)"
                    ).first().map(Self.deadlineChange(from:)),
                    let problem = try await db.raw(
                        "SELECT \(unsafeRaw: Self.columns) FROM problems WHERE id = \(bind: problemID)"
                    ).first().map(Self.problem(from:))
                else { continue }
                items.append(PendingDeadlineChange(change: change, problem: problem))
            }
            return (items, total)
        }
    }
}
