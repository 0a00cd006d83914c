import Foundation
import Logging
import NIOCore
import NIOPosix
import SQLKit
import SQLiteKit
import SQLiteNIO

/// SQLKit over one SQLite connection (`SQLiteHandle`), with rows read straight from its values.
///
/// Why not SQLiteKit's own `connection.sql()`: profiled under the province dashboard, its row
/// decoding (every value through a generic `Decodable` decoder) was a ninth of the server's CPU.
/// Here the text, integer and float columns the repositories read are taken from the value as it
/// came; anything else goes through SQLiteKit's decoder as before. The SQL and its binds are
/// serialised by SQLKit with SQLiteKit's dialect, exactly as before. The statement itself runs on
/// the store's thread pool, never on the caller's thread.
struct SQLiteSQL: AsyncSQLDatabase {
    let handle: SQLiteHandle
    let pool: NIOThreadPool
    let eventLoop: any EventLoop
    let logger: Logger

    var version: (any SQLDatabaseReportedVersion)? { nil }
    var dialect: any SQLDialect { SQLiteDialect() }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        let (sql, binds) = serialize(query)
        let data = try binds.map(Self.data(of:))
        let handle = self.handle
        let result = try await pool.runIfActive { try handle.run(sql, data) }
        for values in result.rows { onRow(SQLiteSQLRow(columns: result.columns, values: values)) }
    }

    /// Runs `sql` (one statement) once for each row of values, all in one trip to the pool.
    func runEach(_ sql: String, _ data: [[SQLiteData]]) async throws {
        let handle = self.handle
        try await pool.runIfActive { try handle.runEach(sql, data) }
    }

    /// A bound value as SQLite stores it: the types the repositories bind directly, anything else
    /// through SQLiteKit's encoder.
    static func data(of value: Any) throws -> SQLiteData {
        switch value {
        case let v as String: return .text(v)
        case let v as Int64: return .integer(Int(v))
        case let v as Int: return .integer(v)
        case let v as Double: return .float(v)
        case let v as any OptionalBind: return try v.wrapped.map(data(of:)) ?? .null
        case let v as any Encodable: return try SQLiteDataEncoder().encode(v)
        default: throw UnsupportedBind(type: String(describing: type(of: value)))
        }
    }
}

/// A row of a query: text, integers and floats as they are, the rest through SQLiteKit's decoder.
struct SQLiteSQLRow: SQLRow {
    let columns: SQLiteColumns
    let values: [SQLiteData]

    var allColumns: [String] { columns.names }

    func contains(column: String) -> Bool { columns.position(column) != nil }

    func value(_ column: String) -> SQLiteData? { columns.position(column).map { values[$0] } }

    func decodeNil(column: String) throws -> Bool {
        guard let data = value(column) else { return true }
        return data == .null
    }

    static let stringType = ObjectIdentifier(String.self)
    static let optionalStringType = ObjectIdentifier(String?.self)
    static let int64Type = ObjectIdentifier(Int64.self)
    static let optionalInt64Type = ObjectIdentifier(Int64?.self)
    static let intType = ObjectIdentifier(Int.self)

    func decode<D: Decodable>(column: String, as type: D.Type) throws -> D {
        guard let data = value(column) else { throw SQLiteMissingColumn(column: column) }
        let asked = ObjectIdentifier(D.self)
        switch data {
        case .text(let v):
            if asked == Self.stringType { return unsafeBitCast(v, to: D.self) }
            if asked == Self.optionalStringType { return unsafeBitCast(String?.some(v), to: D.self) }
        case .integer(let v):
            if asked == Self.int64Type { return unsafeBitCast(Int64(v), to: D.self) }
            if asked == Self.optionalInt64Type { return unsafeBitCast(Int64?.some(Int64(v)), to: D.self) }
            if asked == Self.intType { return unsafeBitCast(v, to: D.self) }
        case .null:
            if asked == Self.optionalStringType { return unsafeBitCast(String?.none, to: D.self) }
            if asked == Self.optionalInt64Type { return unsafeBitCast(Int64?.none, to: D.self) }
        default: break
        }
        return try SQLiteDataDecoder().decode(D.self, from: data)
    }
}

struct SQLiteMissingColumn: Error, CustomStringConvertible {
    let column: String
    var description: String { "the result has no column \(column)" }
}
