import Foundation
import SQLKit
import TaizhangDomain

/// Everything recorded against a problem: supporting units, measures, newest notes, evidence,
/// deadline changes and newest history.
///
/// Six lists took six statements. On PostgreSQL each statement is a round trip and an execution,
/// so there each list is aggregated into a JSON array by the database (`json_agg`) and all six
/// come in one statement with the problem's own row, read back through `JSONObjectRow` by the same
/// row readers as everywhere else.
/// SQLite has no round trips, and measured, one statement that large cost more to prepare than the
/// six small ones together (the detail went from 1,100 to 740 req/s): there it stays six.
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

    /// One more note and history event than the detail shows, to tell whether older ones exist.
    static let notesRead = ProblemRepository.recentNotes + 1
    static let historyRead = ProblemRepository.recentHistory + 1

    /// SQLite: six small statements.
    static func separately(_ db: any SQLDatabase, problemID id: Int64) async throws -> ProblemTrail {
        typealias Repo = ProblemRepository
        func list(_ columns: String, _ table: String) -> SQLQueryString {
            "SELECT \(unsafeRaw: columns) FROM \(unsafeRaw: table) WHERE problem_id = \(bind: id) ORDER BY id"
        }
        return ProblemTrail(
            supportingUnitIDs: try await db.raw(
                "SELECT unit_id FROM problem_supporting_units WHERE problem_id = \(bind: id) ORDER BY unit_id"
            ).all().map { try $0.int64("unit_id") },
            measures: try await db.raw(list(Repo.measureColumns, "measures")).all().map(Repo.measure(from:)),
            notes: try await Repo.notes(db, problemID: id, before: nil, limit: notesRead),
            evidence: try await db.raw(list(Repo.evidenceColumns, "evidence")).all().map(Repo.evidence(from:)),
            deadlineChanges: try await db.raw(list(Repo.deadlineChangeColumns, "deadline_changes")).all().map(
                Repo.deadlineChange(from:)),
            history: try await AuditLog.history(db, problemID: id, before: nil, limit: historyRead))
    }

    /// The problem's row and its lists in one statement: each list a JSON column of the rows
    /// whose `problem_id` is the outer row's id.
    static let withProblemText: String = {
        typealias Repo = ProblemRepository
        let lists = [
            ("supporting", "unit_id", "problem_supporting_units", "unit_id", nil),
            ("measures", Repo.measureColumns, "measures", "id", nil),
            ("notes", noteColumns, "progress_notes", "id", notesRead),
            ("evidence", Repo.evidenceColumns, "evidence", "id", nil),
            ("changes", Repo.deadlineChangeColumns, "deadline_changes", "id", nil),
            ("history", historyColumns, "audit_events", "id", historyRead),
        ]
        let aggregates = lists.map { name, columns, table, order, newest -> String in
            let pairs = columns.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                .map { "'\($0)', \($0)" }.joined(separator: ", ")
            let limit = newest.map { " ORDER BY \(order) DESC LIMIT \($0)" } ?? ""
            return "CAST((SELECT COALESCE(json_agg(json_build_object(\(pairs)) ORDER BY \(order)), '[]') FROM "
                + "(SELECT \(columns) FROM \(table) WHERE problem_id = problems.id\(limit)) AS t) AS TEXT) AS \(name)"
        }
        return "SELECT \(Repo.columns), \(aggregates.joined(separator: ", ")) FROM problems WHERE id = "
    }()

    /// PostgreSQL: the problem's row (nil when there is no such problem) with its trail.
    static func withProblem(_ db: any SQLDatabase, problemID id: Int64) async throws -> (any SQLRow, ProblemTrail)? {
        guard let row = try await db.raw("\(unsafeRaw: withProblemText)\(bind: id)").first() else { return nil }
        return (row, try trail(from: row))
    }

    /// The six lists from the JSON columns of a row.
    static func trail(from row: any SQLRow) throws -> ProblemTrail {
        typealias Repo = ProblemRepository
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
