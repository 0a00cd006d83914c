import Foundation
import SQLKit
import TaizhangDomain

extension ProblemRepository {
    /// Takes one step of the state machine; the guards read their facts in the same transaction.
    public func transition(
        _ id: Int64, action: ProblemAction, version: Int, reason: String?, mergeInto: Int64?, by actor: Principal
    ) async throws -> Problem {
        let now = clock.now()
        let today = LocalDate(now)
        return try await store.write { db in
            let old = try await loadForWrite(db, id: id, version: version, for: actor)
            var facts = TransitionFacts()
            if action == .requestClosure {
                let row = try await db.raw(
                    """
                    SELECT COUNT(*) AS total, COUNT(done_on) AS done FROM measures WHERE problem_id = \(bind: id)
                    """
                ).one("SELECT … FROM measures")
                facts.measuresTotal = try row.int("total")
                facts.measuresDone = try row.int("done")
                facts.evidenceCount = try await db.raw(
                    "SELECT COUNT(*) AS n FROM evidence WHERE problem_id = \(bind: id)"
                ).one("SELECT … FROM evidence").int("n")
            }
            if action == .merge, let mergeInto {
                // The survivor must be visible too; otherwise it is reported like a missing one.
                do {
                    facts.mergeTarget = try await Self.load(db, id: mergeInto, for: actor, supporting: false)
                } catch let error as DomainError where error.kind == .notFound {
                    throw DomainError.invalid("into", zh: "要合并到的问题不存在", en: "the surviving problem does not exist")
                }
            }
            let new = try old.applying(action, by: actor, reason: reason, facts: facts, today: today, now: now)
            try await save(db, old: old, new: new, action: AuditAction(action), actor: actor)
            return new
        }
    }

    /// Asks to move the deadline; nothing changes on the problem until someone approves.
    public func requestDeadlineChange(
        _ id: Int64, to newDeadline: LocalDate, reason: String, by actor: Principal
    ) async throws -> DeadlineChange {
        let now = clock.now()
        return try await store.write { db in
            let problem = try await loadForWrite(db, id: id, version: nil, for: actor)
            let pending = try await db.raw(
                "SELECT id FROM deadline_changes WHERE problem_id = \(bind: id) AND status = 'pending'"
            ).first()
            var change = try DeadlineChange.requesting(
                newDeadline, reason: reason, of: problem, pendingExists: pending != nil, by: actor, now: now)
            change.id = try await db.raw(
                """
                INSERT INTO deadline_changes (problem_id, old_deadline, new_deadline, reason, requested_by, requested_at, status)
                VALUES (\(bind: id), \(bind: problem.deadline?.description), \(bind: newDeadline.description), \(bind: reason),
                        \(bind: actor.userID), \(bind: Timestamp.format(now)), 'pending')
                RETURNING id
                """
            ).one("INSERT INTO deadline_changes").int64("id")
            try await AuditLog.record(
                db, actor: actor.userID, entity: .deadlineChange, entityID: change.id, problemID: id,
                action: .request, old: ["deadline": problem.deadline?.description],
                new: ["deadline": newDeadline.description, "reason": reason], at: now)
            return change
        }
    }

    /// Approves or rejects a pending change; approval moves the deadline and keeps the history.
    /// `version` is the problem's as the decider saw it: a stale one is refused with 409.
    public func decideDeadlineChange(
        _ id: Int64, change changeID: Int64, version: Int, approve: Bool, by actor: Principal
    ) async throws -> (DeadlineChange, Problem) {
        let now = clock.now()
        return try await store.write { db in
            let old = try await Self.load(db, id: id, for: actor, lock: store.lockRow)
            try Policy.require(Policy.decideDeadlineChange, of: actor, on: old, doing: "审批延期申请")
            guard
                let pending = try await db.raw(
                    """
                    SELECT \(unsafeRaw: Self.deadlineChangeColumns)
                    FROM deadline_changes WHERE id = \(bind: changeID) AND problem_id = \(bind: id)
                    """
                ).first().map(Self.deadlineChange(from:))
            else { throw DomainError.notFound(.deadlineChange) }
            if version != old.version { throw DomainError.staleVersion(current: old.version) }
            let (change, new) = try pending.deciding(approve: approve, of: old, by: actor, now: now)
            try await db.raw(
                """
                UPDATE deadline_changes SET status = \(bind: change.status.rawValue), decided_by = \(bind: actor.userID),
                    decided_at = \(bind: Timestamp.format(now)) WHERE id = \(bind: changeID)
                """
            ).run()
            try await AuditLog.record(
                db, actor: actor.userID, entity: .deadlineChange, entityID: changeID, problemID: id,
                action: approve ? .approve : .reject, old: ["status": "pending"],
                new: ["status": change.status.rawValue], at: now)
            if approve { try await save(db, old: old, new: new, action: .changeDeadline, actor: actor) }
            return (change, new)
        }
    }

    static func deadlineChange(from row: any SQLRow) throws -> DeadlineChange {
        DeadlineChange(
            id: try row.int64("id"), problemID: try row.int64("problem_id"),
            oldDeadline: try row.optionalLocalDate("old_deadline"), newDeadline: try row.localDate("new_deadline"),
            reason: try row.string("reason"), requestedBy: try row.int64("requested_by"),
            requestedAt: try row.date("requested_at"),
            status: try row.enumValue("status", as: DeadlineChange.Status.self),
            decidedBy: try row.optionalInt64("decided_by"), decidedAt: try row.optionalDate("decided_at"))
    }
}
