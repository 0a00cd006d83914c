import Foundation
import Logging
import NIOCore
import PostgresKit
import PostgresNIO
import SQLKit

/// SQLKit over one PostgreSQL connection, with rows read straight from the wire format.
///
/// Why not PostgresKit's own `connection.sql()`: profiled under the list benchmark, its row
/// decoding (every value through a generic `Decodable` translation that first builds a coding
/// path and tries JSON) took 38 % of the server's CPU, more than the rest of the request; and each
/// statement went through an event-loop future and back. Here a row decodes the column types the
/// repositories read (text, integers, floats, booleans, with or without NULL) with PostgresNIO's
/// own decoders, anything else through PostgresKit as before; statements run through the
/// connection's async API. The SQL and its binds are serialised by SQLKit with PostgresKit's
/// dialect, exactly as before.
struct PostgresSQL: SQLDatabase {
    let connection: PostgresConnection

    var logger: Logger { connection.logger }
    var eventLoop: any EventLoop { connection.eventLoop }
    var version: (any SQLDatabaseReportedVersion)? { nil }
    var dialect: any SQLDialect { PostgresDialect() }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void)
        -> EventLoopFuture<Void>
    {
        eventLoop.makeFutureWithTask { try await self.execute(sql: query, onRow) }
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        let (sql, binds) = serialize(query)
        var bindings = PostgresBindings(capacity: binds.count)
        for value in binds { try Self.bind(value, to: &bindings) }
        let rows = try await connection.query(PostgresQuery(unsafeSQL: sql, binds: bindings), logger: logger)
        for try await row in rows { onRow(PostgresSQLRow(row)) }
    }

    /// The types the repositories bind; anything else is a programming error, named.
    static func bind(_ value: Any, to bindings: inout PostgresBindings) throws {
        switch value {
        case let v as String: bindings.append(v)
        case let v as Int64: bindings.append(v)
        case let v as Int: bindings.append(Int64(v))
        case let v as Int32: bindings.append(v)
        case let v as Double: bindings.append(v)
        case let v as Bool: bindings.append(v)
        case let v as any OptionalBind:
            if let wrapped = v.wrapped { try bind(wrapped, to: &bindings) } else { bindings.appendNull() }
        default: throw UnsupportedBind(type: String(describing: type(of: value)))
        }
    }
}

/// An `Optional` seen through `any Encodable`.
private protocol OptionalBind {
    var wrapped: Any? { get }
}

extension Optional: OptionalBind where Wrapped: Encodable {
    fileprivate var wrapped: Any? { self.map { $0 as Any } }
}

struct UnsupportedBind: Error, CustomStringConvertible {
    let type: String
    var description: String { "cannot bind a value of type \(type) to a PostgreSQL statement" }
}

/// A row whose columns are found by name once and decoded by PostgresNIO.
struct PostgresSQLRow: SQLRow {
    let row: PostgresRow
    let cells: PostgresRandomAccessRow

    init(_ row: PostgresRow) {
        self.row = row
        self.cells = PostgresRandomAccessRow(row)
    }

    var allColumns: [String] { row.map(\.columnName) }

    func contains(column: String) -> Bool { cells.contains(column) }

    func decodeNil(column: String) throws -> Bool {
        guard cells.contains(column) else { throw MissingColumn(column: column) }
        return cells[column].bytes == nil
    }

    func decode<D: Decodable>(column: String, as type: D.Type) throws -> D {
        guard cells.contains(column) else { throw MissingColumn(column: column) }
        let cell = cells[column]
        let value: Any
        switch type {
        case is String.Type: value = try cell.decode(String.self)
        case is String?.Type: value = try cell.decode(String?.self) as Any
        case is Int64.Type: value = try cell.decode(Int64.self)
        case is Int64?.Type: value = try cell.decode(Int64?.self) as Any
        case is Int.Type: value = try cell.decode(Int.self)
        case is Double.Type: value = try cell.decode(Double.self)
        case is Bool.Type: value = try cell.decode(Bool.self)
        default: return try row.sql().decode(column: column, as: type)
        }
        guard let typed = value as? D else { throw MissingColumn(column: column) }
        return typed
    }
}

struct MissingColumn: Error, CustomStringConvertible {
    let column: String
    var description: String { "the row has no column \(column)" }
}
