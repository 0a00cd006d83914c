import Foundation
import SQLKit
import TaizhangDomain

/// Units and their tree. Subtrees are path ranges; nothing walks the tree row by row.
public struct UnitRepository: Sendable {
    let store: any SQLStore
    let clock: any Clock

    public init(store: any SQLStore, clock: any Clock) {
        self.store = store
        self.clock = clock
    }

    static let columns = "id, parent_id, name, short_name, kind, path"

    static func unit(from row: any SQLRow) throws -> OrgUnit {
        OrgUnit(
            id: try row.int64("id"), parentID: try row.optionalInt64("parent_id"), name: try row.string("name"),
            shortName: try row.string("short_name"), kind: try row.enumValue("kind", as: UnitKind.self),
            path: UnitPath(try row.string("path")))
    }

    /// Adds a unit under `parentID` (or a root when nil). `actor` nil is the command line, which may do anything.
    public func create(
        name: String, shortName: String, kind: UnitKind, parentID: Int64?, by actor: Principal?
    ) async throws -> OrgUnit {
        try Limits.text(name, field: "name", max: Limits.shortText, required: true)
        try Limits.text(shortName, field: "shortName", max: Limits.shortText)
        let now = clock.now()
        return try await store.write { db in
            var parentPath: UnitPath?
            if let parentID {
                // Missing and out of scope answer alike: the answer must not tell which ids exist.
                guard let parent = try await Self.find(db, id: parentID), actor.map({ $0.sees(parent.path) }) ?? true
                else {
                    throw DomainError.invalid(
                        "parentId", zh: "上级单位不存在或不在您的范围内", en: "no such parent unit in your scope",
                        code: "unknown_unit")
                }
                if let actor {
                    try Policy.require(Policy.manageUnits, of: actor, at: parent.path, entity: .unit, doing: "新增单位")
                }
                parentPath = parent.path
            } else if let actor, !actor.grants.contains(where: { $0.role == .admin && $0.unitPath.depth == 0 }) {
                throw DomainError.forbidden(zh: "只有顶级管理员可以新增顶级单位", en: "only a top-level admin may add a root unit")
            }
            let placeholder = "/new-\(UUID().uuidString)/"
            let id = try await db.raw(
                """
                INSERT INTO units (parent_id, name, short_name, kind, path, created_at)
                VALUES (\(bind: parentID), \(bind: name), \(bind: shortName.isEmpty ? name : shortName),
                        \(bind: kind.rawValue), \(bind: placeholder), \(bind: Timestamp.format(now)))
                RETURNING id
                """
            ).one("INSERT INTO units").int64("id")
            let path = parentPath?.child(id) ?? UnitPath.root(id)
            try await db.raw("UPDATE units SET path = \(bind: path.value) WHERE id = \(bind: id)").run()
            try await AuditLog.record(
                db, actor: actor?.userID, entity: .unit, entityID: id, problemID: nil, action: .create,
                new: [
                    "name": name, "shortName": shortName, "kind": kind.rawValue, "parentId": parentID.map(String.init),
                ],
                at: now)
            return OrgUnit(
                id: id, parentID: parentID, name: name, shortName: shortName.isEmpty ? name : shortName, kind: kind,
                path: path)
        }
    }

    static func find(_ db: any SQLDatabase, id: Int64) async throws -> OrgUnit? {
        try await db.raw("SELECT \(unsafeRaw: columns) FROM units WHERE id = \(bind: id)").first().map(unit(from:))
    }

    /// The unit, if it exists and `actor` may see it.
    public func unit(_ id: Int64, for actor: Principal) async throws -> OrgUnit {
        let unit = try await store.read { db in try await Self.find(db, id: id) }
        guard let unit, actor.sees(unit.path) else { throw DomainError.notFound(.unit) }
        return unit
    }

    /// Direct children of a unit the actor sees; with no parent, the roots of the actor's scope.
    public func children(of parentID: Int64?, for actor: Principal) async throws -> [OrgUnit] {
        if let parentID {
            _ = try await unit(parentID, for: actor)
            return try await store.read { db in
                try await db.raw(
                    "SELECT \(unsafeRaw: Self.columns) FROM units WHERE parent_id = \(bind: parentID) ORDER BY id"
                ).all().map(Self.unit(from:))
            }
        }
        let roots = actor.scopeRoots
        return try await store.read { db in
            var units: [OrgUnit] = []
            for root in roots {
                if let unit = try await db.raw(
                    "SELECT \(unsafeRaw: Self.columns) FROM units WHERE path = \(bind: root.value)"
                ).first().map(Self.unit(from:)) {
                    units.append(unit)
                }
            }
            return units
        }
    }

    /// Every unit in the actor's scope (each root's subtree, one index range each), by path.
    public func inScope(of actor: Principal) async throws -> [OrgUnit] {
        let roots = actor.scopeRoots
        return try await store.read { db in
            var units: [OrgUnit] = []
            for root in roots {
                let range = root.subtreeRange
                units += try await db.raw(
                    """
                    SELECT \(unsafeRaw: Self.columns) FROM units
                    WHERE path >= \(bind: range.lower) AND path < \(bind: range.upper) ORDER BY path
                    """
                ).all().map(Self.unit(from:))
            }
            return units
        }
    }

    /// Every unit (for the command line and the demo generator).
    public func all() async throws -> [OrgUnit] {
        try await store.read { db in
            try await db.raw("SELECT \(unsafeRaw: Self.columns) FROM units ORDER BY path").all().map(Self.unit(from:))
        }
    }
}
