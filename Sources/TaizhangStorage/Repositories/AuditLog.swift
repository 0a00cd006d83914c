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

    /// A JSON object of the fields, keys sorted, written directly: JSONSerialization (sorting its
    /// keys through locale-aware comparison) was half the time of a 20,000-row import (profiled).
    static func json(_ fields: [String: String?]) -> String {
        var out: [UInt8] = [UInt8(ascii: "{")]
        out.reserveCapacity(fields.reduce(16) { $0 + $1.key.utf8.count + ($1.value?.utf8.count ?? 4) + 6 })
        for (i, key) in fields.keys.sorted().enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            appendString(key, to: &out)
            out.append(UInt8(ascii: ":"))
            if let value = fields[key] ?? nil {
                appendString(value, to: &out)
            } else {
                out += Array("null".utf8)
            }
        }
        out.append(UInt8(ascii: "}"))
        return String(decoding: out, as: UTF8.self)
    }

    /// The string quoted, with what JSON requires escaped; runs between escapes are copied whole
    /// (byte by byte, and with a table of hex digits made for every string, this was a tenth of
    /// a 100,000-row import, profiled).
    static func appendString(_ s: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var text = s
        text.withUTF8 { bytes in
            var start = 0
            for (i, byte) in bytes.enumerated()
            where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                out.append(contentsOf: bytes[start..<i])
                start = i + 1
                out.append(UInt8(ascii: "\\"))
                switch byte {
                case 0x0A: out.append(UInt8(ascii: "n"))
                case 0x0D: out.append(UInt8(ascii: "r"))
                case 0x09: out.append(UInt8(ascii: "t"))
                case 0x00..<0x20:
                    out += Array("u00".utf8)
                    out.append(hexDigits[Int(byte >> 4)])
                    out.append(hexDigits[Int(byte & 0xF)])
                default: out.append(byte)
                }
            }
            out.append(contentsOf: bytes[start...])
        }
        out.append(UInt8(ascii: "\""))
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

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
