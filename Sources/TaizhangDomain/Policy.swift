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
    public static let manageUsers: Set<Role> = [.admin]

    /// Disabling a person or revoking their tokens needs an admin over every unit they hold a
    /// role at (a person with no role at all: an admin of a root unit). Someone who holds a role
    /// beyond the admin's reach is another office's to offboard.
    public static func requireUserAdmin(_ actor: Principal, over user: Principal) throws(DomainError) {
        let covered =
            user.grants.isEmpty
            ? actor.grants.contains { $0.role == .admin && $0.unitPath.depth == 0 }
            : user.grants.allSatisfy { actor.holds(manageUsers, at: $0.unitPath) }
        guard covered else {
            if user.grants.contains(where: { actor.sees($0.unitPath) }) || user.grants.isEmpty {
                throw roleRequired(manageUsers, doing: "停用用户或撤销其令牌")
            }
            throw .notFound(.user)
        }
    }

    /// Refuses unless `actor` holds one of `roles` for the unit at `path`.
    public static func require(
        _ roles: Set<Role>, of actor: Principal, at path: UnitPath, entity: DomainError.Entity = .problem, doing: String
    ) throws(DomainError) {
        guard actor.sees(path) else { throw .notFound(entity) }
        guard actor.holds(roles, at: path) else { throw roleRequired(roles, doing: doing) }
    }

    /// Refuses unless `actor` holds one of `roles` for the problem's lead unit. Someone who sees
    /// the problem only as a supporting unit is told "forbidden"; someone who does not see it at
    /// all, "not found".
    public static func require(
        _ roles: Set<Role>, of actor: Principal, on problem: Problem, doing: String
    ) throws(DomainError) {
        guard actor.access(to: problem) != nil else { throw .notFound(.problem) }
        guard actor.holds(roles, at: problem.unitPath) else { throw roleRequired(roles, doing: doing) }
    }

    /// Notes may be written by the lead unit's people and by the supporting units' people.
    public static func requireNoteWriter(_ actor: Principal, on problem: Problem) throws(DomainError) {
        guard actor.access(to: problem) != nil else { throw .notFound(.problem) }
        let paths = [problem.unitPath] + problem.supportingUnitPaths
        guard paths.contains(where: { actor.holds(writeNote, at: $0) }) else {
            throw roleRequired(writeNote, doing: "填写整改进展")
        }
    }

    static func roleRequired(_ roles: Set<Role>, doing: String) -> DomainError {
        .forbidden(
            zh: "只有\(roles.map(\.chinese).sorted().joined(separator: "、"))可以\(doing)",
            en:
                "your roles here do not allow this (needs one of \(roles.map(\.rawValue).sorted().joined(separator: ", ")))",
            code: "role_required")
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
