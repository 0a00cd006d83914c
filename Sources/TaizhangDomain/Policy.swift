/// Who may do the things that are not state transitions. Scope is always checked first:
/// out of scope is "not found", in scope without the role is "forbidden".
public enum Policy {
    public static let createProblem: Set<Role> = [.office, .supervision]
    public static let editProblem: Set<Role> = [.office, .liaison, .unitLeader]
    public static let keepLedger: Set<Role> = [.office, .liaison, .unitLeader]
    public static let writeNote: Set<Role> = [.office, .liaison, .unitLeader, .supervision]
    public static let requestDeadlineChange: Set<Role> = [.office, .liaison, .unitLeader]
    public static let decideDeadlineChange: Set<Role> = [.office, .supervision]
    public static let manageUnits: Set<Role> = [.admin, .office]
    public static let manageCampaigns: Set<Role> = [.office, .admin]

    /// Refuses unless `actor` holds one of `roles` for the unit at `path`.
    public static func require(
        _ roles: Set<Role>, of actor: Principal, at path: UnitPath, entity: String = "problem", doing: String
    ) throws(DomainError) {
        guard actor.sees(path) else { throw .notFound(entity) }
        guard actor.holds(roles, at: path) else {
            throw .forbidden(
                zh: "只有\(roles.map(\.chinese).sorted().joined(separator: "、"))可以\(doing)",
                en: "your roles here do not allow this (needs one of \(roles.map(\.rawValue).sorted().joined(separator: ", ")))",
                code: "role_required")
        }
    }

    /// Measures and evidence change only while the unit is still rectifying.
    public static func requireLedgerOpen(_ problem: Problem) throws(DomainError) {
        switch problem.state {
        case .draft, .open, .ongoing: return
        case .submitted, .closed, .merged, .dismissed:
            throw DomainError(
                .conflict, code: "ledger_locked", field: "state",
                zh: "问题当前为「\(problem.state.chinese)」，不能再修改整改措施或佐证材料",
                en: "measures and evidence cannot change while the problem is \(problem.state.rawValue)")
        }
    }

    /// Notes are refused only on items that no longer exist as themselves.
    public static func requireNotesOpen(_ problem: Problem) throws(DomainError) {
        if problem.state == .merged || problem.state == .dismissed {
            throw DomainError(
                .conflict, code: "problem_retired", field: "state",
                zh: "问题已\(problem.state.chinese)，不能再添加进展", en: "the problem is \(problem.state.rawValue)")
        }
    }
}
