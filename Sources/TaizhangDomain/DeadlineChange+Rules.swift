import Foundation

extension DeadlineChange {
    /// A new pending change of `problem`'s deadline, or the guard that refuses it.
    ///
    /// Pure: the storage reads the problem and whether a change is pending in the transaction,
    /// then writes what this returns (its id is given on insert).
    public static func requesting(
        _ newDeadline: LocalDate, reason: String, of problem: Problem, pendingExists: Bool, by actor: Principal,
        now: Date
    ) throws(DomainError) -> DeadlineChange {
        try Policy.require(Policy.requestDeadlineChange, of: actor, on: problem, doing: "申请调整整改时限")
        try Limits.text(reason, field: "reason", max: Limits.reasonLength, required: true)
        if problem.state.isTerminal {
            throw DomainError(
                .conflict, code: "problem_finished", field: "state",
                zh: "问题已\(problem.state.chinese)，不能调整时限",
                en: "a \(problem.state.rawValue) problem has no deadline to move")
        }
        if newDeadline < problem.foundOn {
            throw .invalid(
                "deadline", zh: "整改时限不能早于发现日期", en: "the deadline cannot be before the date found",
                code: "deadline_before_found")
        }
        if newDeadline == problem.deadline {
            throw .invalid(
                "deadline", zh: "新时限与现有时限相同", en: "the new deadline equals the current one", code: "deadline_unchanged")
        }
        if pendingExists {
            throw DomainError(
                .conflict, code: "change_pending", field: "deadline",
                zh: "已有待审批的延期申请", en: "a deadline change is already waiting for a decision")
        }
        return DeadlineChange(
            id: 0, problemID: problem.id, oldDeadline: problem.deadline, newDeadline: newDeadline, reason: reason,
            requestedBy: actor.userID, requestedAt: now, status: .pending, decidedBy: nil, decidedAt: nil)
    }

    /// The decided change and, when approved, the problem with its new deadline; or the guard that refuses.
    public func deciding(
        approve: Bool, of problem: Problem, by actor: Principal, now: Date
    ) throws(DomainError) -> (change: DeadlineChange, problem: Problem) {
        try Policy.require(Policy.decideDeadlineChange, of: actor, on: problem, doing: "审批延期申请")
        if status != .pending {
            throw DomainError(
                .conflict, code: "already_decided", field: "status", zh: "该申请已处理", en: "the change was already decided")
        }
        if requestedBy == actor.userID {
            throw .forbidden(
                zh: "不能审批自己提出的延期申请", en: "you cannot decide your own deadline change", code: "decider_is_requester")
        }
        var change = self
        change.status = approve ? .approved : .rejected
        change.decidedBy = actor.userID
        change.decidedAt = now
        guard approve else { return (change, problem) }
        if problem.state.isTerminal {
            throw DomainError(
                .conflict, code: "problem_finished", field: "state",
                zh: "问题已\(problem.state.chinese)，不能调整时限",
                en: "a \(problem.state.rawValue) problem has no deadline to move")
        }
        var moved = problem
        moved.deadline = newDeadline
        moved.version = problem.version + 1
        moved.updatedAt = now
        return (change, moved)
    }
}
