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
                ).first()!
                facts.measuresTotal = try row.int("total")
                facts.measuresDone = try row.int("done")
                facts.evidenceCount = try await db.raw(
                    "SELECT COUNT(*) AS n FROM evidence WHERE problem_id = \(bind: id)"
                ).first()!.int("n")
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
            try await save(db, old: old, new: new, action: action.rawValue, actor: actor)
            return new
        }
    }

    /// Asks to move the deadline; nothing changes on the problem until someone approves.
    public func requestDeadlineChange(
        _ id: Int64, to newDeadline: LocalDate, reason: String, by actor: Principal
    ) async throws -> DeadlineChange {
        let now = clock.now()
        try Limits.text(reason, field: "reason", max: Limits.reasonLength, required: true)
        return try await store.write { db in
            let problem = try await loadForWrite(db, id: id, version: nil, for: actor)
            try Policy.require(Policy.requestDeadlineChange, of: actor, at: problem.unitPath, doing: "申请调整整改时限")
            if problem.state.isTerminal {
                throw DomainError(
                    .conflict, code: "problem_finished", field: "state",
                    zh: "问题已\(problem.state.chinese)，不能调整时限", en: "a \(problem.state.rawValue) problem has no deadline to move")
            }
            if newDeadline < problem.foundOn {
                throw DomainError.invalid("deadline", zh: "整改时限不能早于发现日期", en: "the deadline cannot be before the date found")
            }
            if newDeadline == problem.deadline {
                throw DomainError.invalid("deadline", zh: "新时限与现有时限相同", en: "the new deadline equals the current one")
            }
            let pending = try await db.raw(
                "SELECT id FROM deadline_changes WHERE problem_id = \(bind: id) AND status = 'pending'"
            ).first()
            if pending != nil {
                throw DomainError(
                    .conflict, code: "change_pending", field: "deadline",
                    zh: "已有待审批的延期申请", en: "a deadline change is already waiting for a decision")
            }
            let changeID = try await db.raw(
                """
                INSERT INTO deadline_changes (problem_id, old_deadline, new_deadline, reason, requested_by, requested_at, status)
                VALUES (\(bind: id), \(bind: problem.deadline?.description), \(bind: newDeadline.description), \(bind: reason),
                        \(bind: actor.userID), \(bind: Timestamp.format(now)), 'pending')
                RETURNING id
                """
            ).first()!.int64("id")
            try await AuditLog.record(
                db, actor: actor.userID, entity: "deadline_change", entityID: changeID, problemID: id,
                action: "request", old: ["deadline": problem.deadline?.description],
                new: ["deadline": newDeadline.description, "reason": reason], at: now)
            return DeadlineChange(
                id: changeID, problemID: id, oldDeadline: problem.deadline, newDeadline: newDeadline, reason: reason,
                requestedBy: actor.userID, requestedAt: now, status: .pending, decidedBy: nil, decidedAt: nil)
        }
    }

    /// Approves or rejects a pending change; approval moves the deadline and keeps the history.
    public func decideDeadlineChange(
        _ id: Int64, change changeID: Int64, approve: Bool, by actor: Principal
    ) async throws -> (DeadlineChange, Problem) {
        let now = clock.now()
        return try await store.write { db in
            let old = try await loadForWrite(db, id: id, version: nil, for: actor)
            try Policy.require(Policy.decideDeadlineChange, of: actor, at: old.unitPath, doing: "审批延期申请")
            guard
                var change = try await db.raw(
                    """
                    SELECT \(unsafeRaw: Self.deadlineChangeColumns)
                    FROM deadline_changes WHERE id = \(bind: changeID) AND problem_id = \(bind: id)
                    """
                ).first().map(Self.deadlineChange(from:))
            else { throw DomainError.notFound("deadline change") }
            if change.status != .pending {
                throw DomainError(
                    .conflict, code: "already_decided", field: "status", zh: "该申请已处理", en: "the change was already decided")
            }
            if change.requestedBy == actor.userID {
                throw DomainError.forbidden(
                    zh: "不能审批自己提出的延期申请", en: "you cannot decide your own deadline change", code: "decider_is_requester")
            }
            change.status = approve ? .approved : .rejected
            change.decidedBy = actor.userID
            change.decidedAt = now
            try await db.raw(
                """
                UPDATE deadline_changes SET status = \(bind: change.status.rawValue), decided_by = \(bind: actor.userID),
                    decided_at = \(bind: Timestamp.format(now)) WHERE id = \(bind: changeID)
                """
            ).run()
            try await AuditLog.record(
                db, actor: actor.userID, entity: "deadline_change", entityID: changeID, problemID: id,
                action: approve ? "approve" : "reject", old: ["status": "pending"],
                new: ["status": change.status.rawValue], at: now)
            guard approve else { return (change, old) }
            var new = old
            new.deadline = change.newDeadline
            new.version = old.version + 1
            new.updatedAt = now
            try await save(db, old: old, new: new, action: "deadline-change", actor: actor)
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
