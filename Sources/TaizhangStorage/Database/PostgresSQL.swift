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
struct PostgresSQL: AsyncSQLDatabase {
    let connection: PostgresConnection
    /// Prepared statements of the store, if it prepares them; and whether a transaction is open
    /// (a failed prepare aborts it).
    var statements: PostgresStatements? = nil
    var inTransaction = false
    /// The pool whose connections keep generic plans, for statements marked `FixedPlan` (outside a
    /// transaction: a transaction's statements stay on its connection).
    var fixedPlans: PostgresClient? = nil

    var logger: Logger { connection.logger }
    var eventLoop: any EventLoop { connection.eventLoop }
    var version: (any SQLDatabaseReportedVersion)? { nil }
    var dialect: any SQLDialect { PostgresDialect() }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        let (sql, binds) = serialize(query)
        if !inTransaction, let fixedPlans, FixedPlan.isMarked(sql) {
            try await fixedPlans.withConnection { connection in
                try await PostgresSQL(connection: connection, statements: statements).run(sql, binds, onRow)
            }
            return
        }
        try await run(sql, binds, onRow)
    }

    private func run(
        _ sql: String, _ binds: [any Encodable & Sendable], _ onRow: @escaping @Sendable (any SQLRow) -> Void
    ) async throws {
        var bindings = PostgresBindings(capacity: binds.count)
        for value in binds { try Self.bind(value, to: &bindings) }
        if let statements, !binds.isEmpty, binds.count <= PostgresStatements.maxParameters,
            !sql.hasPrefix("EXPLAIN")
        {
            // A NULL's type is left to the server (0), as it is for an unnamed statement.
            let types = try binds.map(Self.dataType(of:))
            let name = statements.name(sql: sql, types: types)
            if !statements.isRefused(name) {
                let rows: AsyncThrowingMapSequence<PostgresRowSequence, PostgresRow>
                do {
                    rows = try await DynamicStatement.$spec.withValue(.init(name: name, sql: sql, types: types)) {
                        try await connection.execute(DynamicStatement(bindings: bindings), logger: logger)
                    }
                } catch let error as PSQLError where error.code == .server && Self.refusedToPrepare(error) {
                    statements.refuse(name)
                    if inTransaction { throw StatementNotPrepared() }
                    return try await run(unnamed: sql, bindings, onRow)
                }
                let columns = PostgresColumns()
                for try await row in rows { onRow(PostgresSQLRow(row, columns: columns)) }
                return
            }
        }
        try await run(unnamed: sql, bindings, onRow)
    }

    private func run(
        unnamed sql: String, _ bindings: PostgresBindings, _ onRow: @escaping @Sendable (any SQLRow) -> Void
    ) async throws {
        let rows = try await connection.query(PostgresQuery(unsafeSQL: sql, binds: bindings), logger: logger)
        let columns = PostgresColumns()
        for try await row in rows { onRow(PostgresSQLRow(row, columns: columns)) }
    }

    /// Errors of preparing, not of running: a parameter's type undetermined or in conflict
    /// (42P18 indeterminate_datatype, 42804 datatype_mismatch, 42883 undefined_function, 42P08
    /// ambiguous_parameter). Anything else is the statement's own failure and is thrown as it is.
    static func refusedToPrepare(_ error: PSQLError) -> Bool {
        guard let state = error.serverInfo?[.sqlState] else { return false }
        return ["42P18", "42804", "42883", "42P08"].contains(state)
    }

    /// The type `bind(_:to:)` gives a value (a NULL's is 0: the server infers it).
    static func dataType(of value: Any) throws -> PostgresDataType {
        switch value {
        case is String: return .text
        case is Int64, is Int: return .int8
        case is Int32: return .int4
        case is Double: return .float8
        case is Bool: return .bool
        case is [Int64]: return .int8Array
        case is PostgresTSVector: return PostgresTSVector.psqlType
        case let v as any OptionalBind: return try v.wrapped.map(dataType(of:)) ?? .null
        default: throw UnsupportedBind(type: String(describing: type(of: value)))
        }
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
        case let v as [Int64]: bindings.append(v)
        case let v as PostgresTSVector: bindings.append(v)
        case let v as any OptionalBind:
            if let wrapped = v.wrapped { try bind(wrapped, to: &bindings) } else { bindings.appendNull() }
        default: throw UnsupportedBind(type: String(describing: type(of: value)))
        }
    }
}

/// A `tsvector` in PostgreSQL's binary form (`SearchDocument.tsvectorBinary`), bound as one: the
/// server reads it as it is instead of parsing a literal.
struct PostgresTSVector: PostgresNonThrowingEncodable, Encodable, Sendable {
    let bytes: [UInt8]

    static var psqlType: PostgresDataType { PostgresDataType(3614) }  // tsvector
    static var psqlFormat: PostgresFormat { .binary }

    func encode<JSONEncoder: PostgresJSONEncoder>(
        into byteBuffer: inout ByteBuffer, context: PostgresEncodingContext<JSONEncoder>
    ) {
        byteBuffer.writeBytes(bytes)
    }

    /// Only so it can stand among a statement's `Encodable` values; SQLite never receives one.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(bytes)
    }
}

/// An `Optional` seen through `any Encodable`.
protocol OptionalBind {
    var wrapped: Any? { get }
}

extension Optional: OptionalBind where Wrapped: Encodable {
    var wrapped: Any? { self.map { $0 as Any } }
}

struct UnsupportedBind: Error, CustomStringConvertible {
    let type: String
    var description: String { "cannot bind a value of type \(type) to a PostgreSQL statement" }
}
