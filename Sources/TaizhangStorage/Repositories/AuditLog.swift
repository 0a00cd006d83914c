import Foundation
import SQLKit
import TaizhangDomain

/// Writes the append-only audit trail inside the caller's transaction; nothing updates or deletes it.
enum AuditLog {
    /// Records `action` on an entity with the changed fields before and after (JSON objects).
    static func record(
        _ db: any SQLDatabase, actor: Int64?, entity: AuditEntity, entityID: Int64, problemID: Int64?,
        action: AuditAction,
        old: [String: String?]? = nil, new: [String: String?]? = nil, at: Date
    ) async throws {
        try await db.raw(
            """
            INSERT INTO audit_events (at, actor_id, entity, entity_id, problem_id, action, old_values, new_values)
            VALUES (\(bind: Timestamp.format(at)), \(bind: actor), \(bind: entity.rawValue), \(bind: entityID), \(bind: problemID),
                    \(bind: action.rawValue), \(bind: old.map(json)), \(bind: new.map(json)))
            """
        ).run()
    }

    static func json(_ fields: [String: String?]) -> String {
        let object = fields.mapValues { $0.map { $0 as Any } ?? NSNull() }
        let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        return data.flatMap { String(data: $0, encoding: .utf8) } ?? "{}"
    }

    /// The fields whose values differ between two snapshots, as (old, new).
    static func diff(_ old: [String: String?], _ new: [String: String?]) -> ([String: String?], [String: String?]) {
        var before: [String: String?] = [:]
        var after: [String: String?] = [:]
        for key in Set(old.keys).union(new.keys) where (old[key] ?? nil) != (new[key] ?? nil) {
            before[key] = old[key] ?? nil
            after[key] = new[key] ?? nil
        }
        return (before, after)
    }

    /// The newest `limit` events of a problem before event `before` (all if nil), oldest first.
    static func history(_ db: any SQLDatabase, problemID: Int64, before: Int64?, limit: Int) async throws
        -> [AuditEvent]
    {
        try await db.raw(
            """
            SELECT \(unsafeRaw: ProblemTrail.historyColumns)
            FROM audit_events WHERE problem_id = \(bind: problemID) AND id < \(bind: before ?? Int64.max)
            ORDER BY id DESC LIMIT \(literal: limit)
            """
        ).all().reversed().map(event(from:))
    }

    static func event(from row: any SQLRow) throws -> AuditEvent {
        AuditEvent(
            id: try row.int64("id"), at: try row.date("at"), actorID: try row.optionalInt64("actor_id"),
            entity: try row.enumValue("entity", as: AuditEntity.self), entityID: try row.int64("entity_id"),
            problemID: try row.optionalInt64("problem_id"),
            action: try row.enumValue("action", as: AuditAction.self),
            old: try row.optionalString("old_values"), new: try row.optionalString("new_values"))
    }
}
