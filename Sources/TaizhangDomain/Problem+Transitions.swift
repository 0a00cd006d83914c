import Foundation

extension Problem {
    /// The problem after `action`, or the guard that refuses it.
    ///
    /// Pure: the caller reads `facts` and writes the result in one transaction, with the version check.
    public func applying(
        _ action: ProblemAction, by actor: Principal, reason rawReason: String?, facts: TransitionFacts,
        today: LocalDate, now: Date
    ) throws(DomainError) -> Problem {
        guard actor.access(to: self) != nil else { throw .notFound(.problem) }
        guard actor.holds(action.roles, at: unitPath) else {
            let names = action.roles.map(\.chinese).sorted().joined(separator: "、")
            throw .forbidden(
                zh: "只有\(names)可以\(action.chinese)",
                en: "only \(action.roles.map(\.rawValue).sorted().joined(separator: ", ")) may \(action.rawValue)",
                code: "role_required")
        }
        guard action.from.contains(state) else {
            throw DomainError(
                .conflict, code: "invalid_transition", field: "state",
                zh: "问题当前为「\(state.chinese)」，不能\(action.chinese)",
                en: "cannot \(action.rawValue) a problem that is \(state.rawValue)")
        }
        let reason = rawReason?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if action.needsReason && reason.isEmpty {
            throw DomainError(
                .invalid, code: "reason_required", field: "reason",
                zh: "\(action.chinese)必须说明理由", en: "\(action.rawValue) needs a reason")
        }
        try Limits.text(reason, field: "reason", max: Limits.reasonLength)
        try checkGuards(action, actor: actor, facts: facts)

        var next = self
        next.state = action.to
        next.version = version + 1
        next.updatedAt = now
        if !reason.isEmpty || action.needsReason { next.stateReason = reason.isEmpty ? nil : reason }
        switch action {
        case .requestClosure:
            next.submittedBy = actor.userID
        case .verify:
            next.closedOn = today
        case .returnToUnit:
            next.submittedBy = nil
        case .reopen:
            next.submittedBy = nil
            next.closedOn = nil
        case .merge:
            next.mergedIntoID = facts.mergeTarget?.id
        case .claim, .markOngoing, .dismiss:
            break
        }
        return next
    }

    private func checkGuards(_ action: ProblemAction, actor: Principal, facts: TransitionFacts) throws(DomainError) {
        switch action {
        case .requestClosure:
            if facts.measuresTotal == 0 || facts.measuresDone < facts.measuresTotal {
                throw DomainError(
                    .conflict, code: "measures_not_done", field: "measures",
                    zh: "还有整改措施未完成（\(facts.measuresDone)/\(facts.measuresTotal)），不能申请销号",
                    en: "every measure must be done before closure (\(facts.measuresDone)/\(facts.measuresTotal) done)")
            }
            if facts.evidenceCount == 0 {
                throw DomainError(
                    .conflict, code: "evidence_required", field: "evidence",
                    zh: "申请销号前须上传佐证材料", en: "closure needs at least one piece of evidence")
            }
        case .verify:
            if submittedBy == actor.userID {
                throw .forbidden(
                    zh: "申请销号的人不能审核自己的申请", en: "the person who requested closure cannot verify it",
                    code: "verifier_is_submitter")
            }
        case .merge:
            guard let target = facts.mergeTarget else { throw .required("into") }
            if target.id == id {
                throw .invalid("into", zh: "不能合并到自身", en: "a problem cannot be merged into itself")
            }
            if target.campaignID != campaignID {
                throw .invalid(
                    "into", zh: "只能合并到同一主题教育中的问题", en: "the surviving problem must be in the same campaign")
            }
            if target.state == .merged || target.state == .dismissed {
                throw .invalid(
                    "into", zh: "不能合并到已合并或已撤销的问题", en: "cannot merge into a merged or dismissed problem")
            }
        case .claim, .returnToUnit, .reopen, .markOngoing, .dismiss:
            break
        }
    }
}
