/// The roles of PRODUCT.md; each is held for a unit and everything below it.
public enum Role: String, Sendable, Codable, CaseIterable {
    /// 领导小组办公室: sets up campaigns, assigns, verifies and closes.
    case office
    /// 联络员: keeps the unit's ledger.
    case liaison
    /// 单位负责人: signs off what the unit submits.
    case unitLeader = "unit_leader"
    /// 督导组: reads across its units, raises problems, verifies.
    case supervision
    /// 领导: reads.
    case leader
    /// 管理员: users, roles, backups.
    case admin

    public var chinese: String {
        switch self {
        case .office: return "领导小组办公室"
        case .liaison: return "联络员"
        case .unitLeader: return "单位负责人"
        case .supervision: return "督导组"
        case .leader: return "领导"
        case .admin: return "管理员"
        }
    }
}

/// One role held for one unit (and, by that, all units below it).
public struct Grant: Sendable, Equatable, Codable {
    public var role: Role
    public var unitID: Int64
    public var unitPath: UnitPath

    public init(role: Role, unitID: Int64, unitPath: UnitPath) {
        self.role = role
        self.unitID = unitID
        self.unitPath = unitPath
    }
}

/// The signed-in user as the domain sees them: who, and what they hold where.
public struct Principal: Sendable, Equatable {
    public var userID: Int64
    public var name: String
    public var grants: [Grant]

    public init(userID: Int64, name: String, grants: [Grant]) {
        self.userID = userID
        self.name = name
        self.grants = grants
    }

    /// Whether any grant covers the unit at `path`: the test for seeing it at all.
    public func sees(_ path: UnitPath) -> Bool {
        grants.contains { $0.unitPath.contains(path) }
    }

    /// Whether one of `roles` is held for the unit at `path` or above it.
    public func holds(_ roles: Set<Role>, at path: UnitPath) -> Bool {
        grants.contains { roles.contains($0.role) && $0.unitPath.contains(path) }
    }

    /// How the user reaches a problem: through its lead unit, only through a supporting unit, or not at all.
    public func access(to problem: Problem) -> ProblemAccess? {
        if sees(problem.unitPath) { return .lead }
        if problem.supportingUnitPaths.contains(where: sees) { return .supporting }
        return nil
    }

    /// The smallest set of subtree roots that covers everything the user may see.
    ///
    /// Queries filter by these prefixes; nested grants collapse into their ancestor.
    public var scopeRoots: [UnitPath] {
        let paths = Set(grants.map(\.unitPath)).sorted { $0.value < $1.value }
        var roots: [UnitPath] = []
        for p in paths where !roots.contains(where: { $0.contains(p) }) {
            roots.append(p)
        }
        return roots
    }
}

/// How a user reaches a problem. A supporting unit (配合单位) sees the problem, its trail and its
/// evidence, and adds progress notes; everything else is the lead unit's.
public enum ProblemAccess: Sendable, Equatable {
    case lead
    case supporting
}
