/// The transitions of PRODUCT.md's state diagram, each named as the API names it.
public enum ProblemAction: String, Sendable, Codable, CaseIterable {
    case claim
    case requestClosure = "request-closure"
    case verify
    case returnToUnit = "return"
    case reopen
    case markOngoing = "mark-ongoing"
    case merge
    case dismiss

    public var chinese: String {
        switch self {
        case .claim: return "认领"
        case .requestClosure: return "申请销号"
        case .verify: return "审核销号"
        case .returnToUnit: return "退回"
        case .reopen: return "回头看重新打开"
        case .markOngoing: return "批准长期坚持"
        case .merge: return "合并"
        case .dismiss: return "撤销"
        }
    }

    /// States the action starts from.
    var from: Set<ProblemState> {
        switch self {
        case .claim: return [.draft]
        case .requestClosure: return [.open, .ongoing]
        case .verify, .returnToUnit: return [.submitted]
        case .reopen: return [.closed]
        case .markOngoing: return [.open]
        case .merge, .dismiss: return [.draft, .open, .submitted, .ongoing]
        }
    }

    var to: ProblemState {
        switch self {
        case .claim, .returnToUnit, .reopen: return .open
        case .requestClosure: return .submitted
        case .verify: return .closed
        case .markOngoing: return .ongoing
        case .merge: return .merged
        case .dismiss: return .dismissed
        }
    }

    /// Who may take the action, for the problem's lead unit or a unit above it.
    var roles: Set<Role> {
        switch self {
        case .claim: return [.liaison, .unitLeader]
        case .requestClosure: return [.unitLeader]
        case .verify, .returnToUnit, .reopen: return [.office, .supervision]
        case .markOngoing, .merge, .dismiss: return [.office]
        }
    }

    /// Return, reopen, merge and dismiss must say why.
    public var needsReason: Bool {
        switch self {
        case .returnToUnit, .reopen, .merge, .dismiss: return true
        case .claim, .requestClosure, .verify, .markOngoing: return false
        }
    }
}

/// What the guards need to know beyond the problem itself, read in the same transaction.
public struct TransitionFacts: Sendable {
    public var measuresTotal: Int
    public var measuresDone: Int
    public var evidenceCount: Int
    /// For a merge: the problem that survives.
    public var mergeTarget: Problem?

    public init(measuresTotal: Int = 0, measuresDone: Int = 0, evidenceCount: Int = 0, mergeTarget: Problem? = nil) {
        self.measuresTotal = measuresTotal
        self.measuresDone = measuresDone
        self.evidenceCount = evidenceCount
        self.mergeTarget = mergeTarget
    }
}

extension Problem {
    /// The actions `actor` may take on this problem in its present state, by role: what a page
    /// offers. The guards that depend on what is stored (every measure done, evidence attached)
    /// are checked when the action is taken, and their refusal says what is missing.
    public func actions(for actor: Principal) -> [ProblemAction] {
        guard actor.access(to: self) == .lead else { return [] }
        return ProblemAction.allCases.filter { $0.from.contains(state) && actor.holds($0.roles, at: unitPath) }
    }
}
