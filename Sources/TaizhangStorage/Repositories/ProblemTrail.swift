import Foundation
import SQLKit
import TaizhangDomain

/// Everything recorded against a problem, read in one statement.
///
/// A problem's page needs its supporting units, measures, newest notes, evidence, deadline changes
/// and newest history: six lists, which took six statements. On PostgreSQL each statement is a
/// round trip and a plan (profiled: the detail request spent most of its time on them); on SQLite
/// each is a prepare and two hops between threads. Here each list is aggregated into a JSON array
/// by the database (`json_group_array` on SQLite, `json_agg` on PostgreSQL) and read back through
/// `JSONObjectRow`, so the same row readers as everywhere else turn it into domain values.
struct ProblemTrail {
    var supportingUnitIDs: [Int64]
    var measures: [Measure]
    /// Oldest first; one more than asked when older ones exist.
    var notes: [ProgressNote]
    var evidence: [Evidence]
    var deadlineChanges: [DeadlineChange]
    /// Oldest first; one more than asked when older ones exist.
    var history: [AuditEvent]

    static let noteColumns = "id, problem_id, noted_on, text, figures, author_id, created_at"
    static let historyColumns = "id, at, actor_id, entity, entity_id, problem_id, action, old_values, new_values"

    static func read(_ db: any SQLDatabase, dialect: Dialect, problemID id: Int64, notes: Int, history: Int)
        async throws -> ProblemTrail
    {
        typealias Repo = ProblemRepository
        let lists: [SQLQueryString] = [
            array(
                dialect, "unit_id", from: "problem_supporting_units WHERE problem_id = \(bind: id)", order: "unit_id"),
            array(dialect, Repo.measureColumns, from: "measures WHERE problem_id = \(bind: id)", order: "id"),
            array(
                dialect, noteColumns, from: "progress_notes WHERE problem_id = \(bind: id)", order: "id",
                newest: notes),
            array(dialect, Repo.evidenceColumns, from: "evidence WHERE problem_id = \(bind: id)", order: "id"),
            array(
                dialect, Repo.deadlineChangeColumns, from: "deadline_changes WHERE problem_id = \(bind: id)",
                order: "id"),
            array(
                dialect, historyColumns, from: "audit_events WHERE problem_id = \(bind: id)", order: "id",
                newest: history),
        ]
        let names = ["supporting", "measures", "notes", "evidence", "changes", "history"]
        let select = zip(lists, names).map { list, name -> SQLQueryString in
            "CAST(" + list + " AS TEXT) AS \(unsafeRaw: name)"
        }
        let row = try await db.raw("SELECT " + select.joined(separator: ", ")).one("SELECT problem trail")
        func rows(_ name: String) throws -> [JSONObjectRow] {
            let text = try row.optionalString(name) ?? "[]"
            guard let array = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]] else {
                throw CorruptRow(column: name, value: String(text.prefix(80)))
            }
            return array.map(JSONObjectRow.init)
        }
        return ProblemTrail(
            supportingUnitIDs: try rows("supporting").map { try $0.int64("unit_id") },
            measures: try rows("measures").map(Repo.measure(from:)),
            notes: try rows("notes").map(Repo.note(from:)),
            evidence: try rows("evidence").map(Repo.evidence(from:)),
            deadlineChanges: try rows("changes").map(Repo.deadlineChange(from:)),
            history: try rows("history").map(AuditLog.event(from:)))
    }

    /// A scalar subquery giving the rows as a JSON array of objects keyed by column, in `order`
    /// (ascending); with `newest`, only the last that many.
    static func array(
        _ dialect: Dialect, _ columns: String, from source: SQLQueryString, order: String, newest: Int? = nil
    ) -> SQLQueryString {
        let names = columns.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        let pairs = names.map { "'\($0)', \($0)" }.joined(separator: ", ")
        let limit = newest.map { " ORDER BY \(order) DESC LIMIT \($0)" } ?? ""
        let rows: SQLQueryString = "(SELECT \(unsafeRaw: columns) FROM " + source + "\(unsafeRaw: limit)) AS t"
        switch dialect {
        case .postgres:
            return
                "(SELECT COALESCE(json_agg(json_build_object(\(unsafeRaw: pairs)) ORDER BY \(unsafeRaw: order)), '[]') FROM "
                + rows + ")"
        case .sqlite:
            // json_group_array keeps the order rows arrive in; the inner ORDER BY gives it.
            return "(SELECT json_group_array(json_object(\(unsafeRaw: pairs))) FROM (SELECT * FROM " + rows
                + " ORDER BY \(unsafeRaw: order)))"
        }
    }
}

/// One object of a JSON array the database built, read like a row: text, whole numbers and nulls,
/// which is all the trail's columns hold.
struct JSONObjectRow: SQLRow {
    enum Value: Sendable {
        case text(String)
        case integer(Int64)
        case null
        case other(String)
    }

    let values: [String: Value]

    init(_ object: [String: Any]) {
        values = object.mapValues { value in
            if let text = value as? String { return .text(text) }
            if value is NSNull { return .null }
            if let number = value as? NSNumber, Double(number.int64Value) == number.doubleValue {
                return .integer(number.int64Value)
            }
            return .other(String(describing: value))
        }
    }

    var allColumns: [String] { Array(values.keys) }

    func contains(column: String) -> Bool { values[column] != nil }

    func decodeNil(column: String) throws -> Bool {
        switch values[column] {
        case nil, .null?: return true
        default: return false
        }
    }

    func decode<D: Decodable>(column: String, as type: D.Type) throws -> D {
        let value = values[column] ?? .null
        let result: Any?
        switch (value, type) {
        case (.text(let text), is String.Type), (.text(let text), is String?.Type): result = text
        case (.integer(let n), is Int64.Type), (.integer(let n), is Int64?.Type): result = n
        case (.null, is String?.Type): result = String?.none as Any
        case (.null, is Int64?.Type): result = Int64?.none as Any
        default: result = nil
        }
        guard let result, let typed = result as? D else {
            throw CorruptRow(column: column, value: String(describing: value))
        }
        return typed
    }
}
